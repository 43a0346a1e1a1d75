package io.realtimehub.engine.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import io.realtimehub.config.HubConfig;
import io.realtimehub.config.Setting;
import io.realtimehub.engine.Engine;
import io.realtimehub.engine.Message;
import io.realtimehub.engine.Position;
import io.realtimehub.engine.Replay;
import jakarta.json.Json;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The embedded member and the client, as servers without their own Hazelcast use them. */
class HazelcastInstancesTest {

    private static HubConfig config(String instance, String members, String clusterName, String port) {
        Map<String, String> values = Map.of(
                Setting.CLUSTER.key(), "shared",
                Setting.HAZELCAST_INSTANCE.key(), instance,
                Setting.HAZELCAST_MEMBERS.key(), members,
                Setting.HAZELCAST_CLUSTER_NAME.key(), clusterName,
                Setting.HAZELCAST_PORT.key(), port);
        return HubConfig.load(s -> values.get(s.key()));
    }

    @Test
    void anEmbeddedMemberJoinsItsListedMembersAndAClientUsesThem() {
        System.setProperty("hazelcast.phone.home.enabled", "false");
        String cluster = "rt-instances-" + UUID.randomUUID();
        HubConfig memberConfig = config("embedded", "127.0.0.1:5951,127.0.0.1:5952", cluster, "5951");
        HazelcastInstances.Obtained first = HazelcastInstances.obtain(memberConfig);
        HazelcastInstances.Obtained second = HazelcastInstances.obtain(memberConfig);
        try {
            assertTrue(first.owned(), "a member the hub started is the hub's to stop");
            HazelcastInstance member = first.instance();
            assertEquals(2, member.getCluster().getMembers().size(), "the two embedded members found each other");
            assertFalse(member.getConfig().getNetworkConfig().getJoin().getMulticastConfig().isEnabled(),
                    "never multicast");
            assertEquals(cluster, member.getConfig().getClusterName());

            HazelcastInstances.Obtained client = HazelcastInstances.obtain(config("client", "127.0.0.1:5951", cluster, "5951"));
            try {
                String namespace = "c" + UUID.randomUUID().toString().substring(0, 6);
                Engine viaMember = HazelcastEngines.create(memberConfig, member, namespace, java.time.Clock.systemUTC(), () -> { });
                Engine viaClient = HazelcastEngines.create(memberConfig, client.instance(), namespace,
                        java.time.Clock.systemUTC(), () -> { });
                Message published = viaMember.publish("instances", "message", Json.createValue(1));
                Replay read = viaClient.read("instances", new Position(viaMember.state("instances").epoch(), 0), 10);
                assertTrue(read.recovered());
                assertEquals(java.util.List.of(published.json()), read.messages().stream().map(Message::json).toList(),
                        "a hub on a client of the cluster sees what a member's hub published");
            } finally {
                client.instance().shutdown();
            }
        } finally {
            second.instance().shutdown();
            first.instance().shutdown();
        }
    }

    @Test
    void withoutAServerInstanceTheServerChoiceFailsClearly() {
        HubConfig server = config("server", "", "x", "5701");
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> HazelcastInstances.obtain(server));
        assertTrue(e.getMessage().contains("payara/Hazelcast"), e.getMessage());
    }
}
