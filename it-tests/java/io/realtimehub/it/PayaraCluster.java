package io.realtimehub.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Two Payara Micro nodes on loopback forming one Hazelcast cluster by explicit TCP/IP members
 * (never multicast), under a cluster name of their own, with the hub in a given cluster mode.
 */
final class PayaraCluster implements AutoCloseable {

    private final String mode;
    private final String clusterName = "rt-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final int firstHazelcastPort;
    final List<PayaraProcess> nodes = new ArrayList<>();

    PayaraCluster(String mode) throws Exception {
        this.mode = mode;
        // Two consecutive free ports for the members, away from anything else the tests start.
        this.firstHazelcastPort = 7100 + (int) (Math.random() * 800) * 2;
    }

    /** Starts the next node (the first, then the second); returns it once ready. */
    PayaraProcess startNode() throws Exception {
        int index = nodes.size();
        String members = "127.0.0.1:" + firstHazelcastPort + ",127.0.0.1:" + (firstHazelcastPort + 1);
        PayaraProcess node = PayaraProcess.start(
                List.of("-Xmx400m", "-Drealtime.cluster=" + mode, "-Drealtime.history.size=500",
                        "-Drealtime.sse.heartbeat=1s", "-Drealtime.sse.retry=300ms"),
                Map.of(),
                List.of("--clustermode", "tcpip:" + members, "--clustername", clusterName,
                        "--startport", String.valueOf(firstHazelcastPort + index), "--hzinitialjoinwait", "0"));
        nodes.add(node);
        return node;
    }

    HubClient client(int node) {
        return new HubClient(nodes.get(node).base);
    }

    @Override
    public void close() throws Exception {
        for (PayaraProcess node : nodes) {
            node.close();
        }
    }
}
