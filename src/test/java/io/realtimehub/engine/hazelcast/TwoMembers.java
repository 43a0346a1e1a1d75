package io.realtimehub.engine.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.List;
import java.util.UUID;

/** Two Hazelcast members in this JVM, on loopback, joined by TCP/IP under a cluster name of their own. */
final class TwoMembers implements AutoCloseable {

    final HazelcastInstance a;
    final HazelcastInstance b;

    TwoMembers() {
        System.setProperty("hazelcast.phone.home.enabled", "false");
        System.setProperty("hazelcast.logging.type", "jdk");
        String cluster = "realtime-test-" + UUID.randomUUID();
        a = Hazelcast.newHazelcastInstance(config(cluster));
        b = Hazelcast.newHazelcastInstance(config(cluster));
        if (a.getCluster().getMembers().size() != 2) {
            throw new IllegalStateException("the two test members did not join");
        }
    }

    private static Config config(String cluster) {
        Config config = new Config();
        config.setClusterName(cluster);
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.getNetworkConfig().setPort(5901).setPortAutoIncrement(true);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(List.of("127.0.0.1:5901", "127.0.0.1:5902", "127.0.0.1:5903"));
        return config;
    }

    @Override
    public void close() {
        b.shutdown();
        a.shutdown();
    }
}
