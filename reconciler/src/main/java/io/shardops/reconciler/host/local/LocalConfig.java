package io.shardops.reconciler.host.local;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code local.json}: what stays the same across restarts of a local cluster, so clients and tablets
 * find etcd and the node where they were.
 *
 * @param cluster        the cluster name; the etcd root is {@code /shardops/<cluster>}
 * @param etcdClientPort the client port of the etcd this state dir runs (when {@code etcdEndpoints} is null)
 * @param etcdPeerPort   that etcd's peer port
 * @param nodePort       the node daemon's HTTP API port on {@link #host()}
 * @param hostAddress    the address this host's node, tablets, gateways and etcd listen on and advertise;
 *                       null: 127.0.0.1 (one host)
 * @param etcdEndpoints  the client URLs of an etcd cluster run outside this state dir (several hosts),
 *                       comma-separated; null: the state dir runs its own etcd on {@link #host()}
 * @param nodeRuns       what this host's node takes: {@code tablets}, {@code gateways} or both
 *                       ({@code tablets,gateways}, also when null)
 * @param lostAfterSeconds how long the node's failover monitor waits for a silent tablet's manager before it marks
 *                       the tablet lost (then a plan replaces it); null: the default (5 minutes)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LocalConfig(String cluster, int etcdClientPort, int etcdPeerPort, int nodePort, String hostAddress,
                          String etcdEndpoints, String nodeRuns, Integer lostAfterSeconds) {
    public static final String LOOPBACK = "127.0.0.1";
    public static final String TABLETS = "tablets";
    public static final String GATEWAYS = "gateways";

    public LocalConfig(String cluster, int etcdClientPort, int etcdPeerPort, int nodePort) {
        this(cluster, etcdClientPort, etcdPeerPort, nodePort, null, null, null, null);
    }

    public LocalConfig(String cluster, int etcdClientPort, int etcdPeerPort, int nodePort, String hostAddress, String etcdEndpoints,
                       String nodeRuns) {
        this(cluster, etcdClientPort, etcdPeerPort, nodePort, hostAddress, etcdEndpoints, nodeRuns, null);
    }

    public LocalConfig withLostAfterSeconds(Integer seconds) {
        return new LocalConfig(cluster, etcdClientPort, etcdPeerPort, nodePort, hostAddress, etcdEndpoints, nodeRuns, seconds);
    }

    /** The address this host listens on and writes into its records. */
    @JsonIgnore
    public String host() {
        return hostAddress == null || hostAddress.isBlank() ? LOOPBACK : hostAddress;
    }

    /** The etcd client URLs, comma-separated: the external cluster's, or this state dir's own etcd. */
    public String etcdEndpoint() {
        return externalEtcd() ? etcdEndpoints : "http://" + host() + ":" + etcdClientPort;
    }

    /** Whether etcd runs elsewhere (a cluster over several hosts): this state dir neither starts nor stops it. */
    @JsonIgnore
    public boolean externalEtcd() {
        return etcdEndpoints != null && !etcdEndpoints.isBlank();
    }

    public String nodeUrl() {
        return "http://" + host() + ":" + nodePort;
    }

    /** What the node takes, from {@link #nodeRuns}. */
    @JsonIgnore
    public List<String> runs() {
        if (nodeRuns == null || nodeRuns.isBlank()) {
            return List.of(TABLETS, GATEWAYS);
        }
        return Arrays.stream(nodeRuns.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public LocalConfig withCluster(String name) {
        return new LocalConfig(name, etcdClientPort, etcdPeerPort, nodePort, hostAddress, etcdEndpoints, nodeRuns, lostAfterSeconds);
    }

    public LocalConfig withEtcdPorts(int client, int peer) {
        return new LocalConfig(cluster, client, peer, nodePort, hostAddress, etcdEndpoints, nodeRuns, lostAfterSeconds);
    }

    public LocalConfig withNodePort(int port) {
        return new LocalConfig(cluster, etcdClientPort, etcdPeerPort, port, hostAddress, etcdEndpoints, nodeRuns, lostAfterSeconds);
    }

    /** This host's place among several: its address, the external etcd (null: own), what its node runs (null: both). */
    public LocalConfig onHost(String address, String endpoints, String runs) {
        return new LocalConfig(cluster, etcdClientPort, etcdPeerPort, nodePort, address, endpoints, runs, lostAfterSeconds);
    }

    public static Optional<LocalConfig> read(StateDir dir) throws IOException {
        return JsonFiles.read(dir.localJson(), LocalConfig.class);
    }

    public void write(StateDir dir) throws IOException {
        JsonFiles.write(dir.localJson(), this);
    }
}
