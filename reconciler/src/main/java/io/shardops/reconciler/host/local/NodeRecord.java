package io.shardops.reconciler.host.local;

import java.util.List;

/**
 * A node as it registers itself in etcd at start ({@code /shardops/<cluster>/nodes/<name>}): where its
 * API answers, and what it takes. Provisioners place tablets and gateways on registered nodes that
 * answer their health check.
 *
 * @param name    unique in the cluster: its address
 * @param address the host address its API, tablets and gateways listen on
 * @param apiPort its HTTP API port
 * @param runs    {@code tablets}, {@code gateways} or both
 * @param pid     its process id, for messages
 */
public record NodeRecord(String name, String address, int apiPort, List<String> runs, long pid) {
    public static final String TABLETS = "tablets";
    public static final String GATEWAYS = "gateways";

    public NodeRecord {
        runs = List.copyOf(runs);
    }

    public boolean runsTablets() {
        return runs.contains(TABLETS);
    }

    public boolean runsGateways() {
        return runs.contains(GATEWAYS);
    }

    public String url() {
        return "http://" + address + ":" + apiPort;
    }
}
