package io.shardops.reconciler.local;

import java.io.IOException;
import java.util.Optional;

/**
 * {@code local.json}: what stays the same across restarts of a local cluster, so clients and tablets
 * find etcd and the node where they were.
 *
 * @param cluster        the cluster name; the etcd root is {@code /shardops/<cluster>}
 * @param etcdClientPort etcd's client port on 127.0.0.1
 * @param etcdPeerPort   etcd's peer port on 127.0.0.1
 * @param nodePort       the node daemon's HTTP API port on 127.0.0.1
 */
public record LocalConfig(String cluster, int etcdClientPort, int etcdPeerPort, int nodePort) {

    public String etcdEndpoint() {
        return "http://127.0.0.1:" + etcdClientPort;
    }

    public String nodeUrl() {
        return "http://127.0.0.1:" + nodePort;
    }

    public LocalConfig withCluster(String name) {
        return new LocalConfig(name, etcdClientPort, etcdPeerPort, nodePort);
    }

    public static Optional<LocalConfig> read(StateDir dir) throws IOException {
        return JsonFiles.read(dir.localJson(), LocalConfig.class);
    }

    public void write(StateDir dir) throws IOException {
        JsonFiles.write(dir.localJson(), this);
    }
}
