package io.realtimehub.engine.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.realtimehub.config.HubConfig;
import java.util.List;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Where the clustered engines get Hazelcast: the application server's own instance (Payara's
 * Domain Data Grid, through JNDI), an embedded member the hub starts (servers without one), or a
 * client of an external cluster. Members are always listed explicitly: never multicast discovery.
 */
final class HazelcastInstances {

    private static final Logger LOG = Logger.getLogger(HazelcastInstances.class.getName());

    /** An instance, and whether the hub started it (and so must shut it down). */
    record Obtained(HazelcastInstance instance, boolean owned) {
    }

    private HazelcastInstances() {
    }

    static Obtained obtain(HubConfig config) {
        return switch (config.hazelcastInstance()) {
            case SERVER -> new Obtained(server(config.hazelcastJndiName()), false);
            case EMBEDDED -> new Obtained(embedded(config), true);
            case CLIENT -> new Obtained(client(config), true);
            case AUTO -> {
                try {
                    yield new Obtained(server(config.hazelcastJndiName()), false);
                } catch (IllegalStateException e) {
                    LOG.info(() -> "no server Hazelcast instance (" + e.getMessage() + "); starting an embedded member");
                    yield new Obtained(embedded(config), true);
                }
            }
        };
    }

    private static HazelcastInstance server(String jndiName) {
        try {
            Object found = new InitialContext().lookup(jndiName);
            if (found instanceof HazelcastInstance instance) {
                return instance;
            }
            throw new IllegalStateException(jndiName + " is not a Hazelcast instance");
        } catch (NamingException e) {
            throw new IllegalStateException("no Hazelcast instance at JNDI " + jndiName
                    + " (on Payara, Hazelcast must be enabled: no --nohazelcast)", e);
        }
    }

    static HazelcastInstance embedded(HubConfig config) {
        Config hz = new Config();
        hz.setClusterName(config.hazelcastClusterName());
        hz.getNetworkConfig().setPort(config.hazelcastPort()).setPortAutoIncrement(true);
        JoinConfig join = hz.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(config.hazelcastMembers());
        if (!config.hazelcastMembers().isEmpty()) {
            String host = config.hazelcastMembers().get(0).replaceFirst(":.*$", "");
            hz.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(host);
        }
        return Hazelcast.newHazelcastInstance(hz);
    }

    private static HazelcastInstance client(HubConfig config) {
        ClientConfig client = new ClientConfig();
        client.setClusterName(config.hazelcastClusterName());
        List<String> members = config.hazelcastMembers();
        client.getNetworkConfig().setAddresses(members.isEmpty() ? List.of("127.0.0.1:5701") : members);
        return HazelcastClient.newHazelcastClient(client);
    }
}
