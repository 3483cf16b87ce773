package io.shardops.reconciler.cli;

import io.shardops.reconciler.topo.TopoStore;
import java.util.List;
import picocli.CommandLine.Mixin;

/**
 * {@code --etcd} (with {@code --credentials}), {@code --state-dir} and {@code --cluster}: how the commands that act on a
 * running cluster (reparent, revert, confirm, approve, failover-monitor) find it: the etcd named, else the local
 * cluster's; the cluster named, else the only one that etcd holds.
 */
final class LiveClusterOptions {
    @Mixin
    EtcdOption etcd = new EtcdOption();

    @Mixin
    StateDirOption stateDir = new StateDirOption();

    @Mixin
    ClusterOption cluster = new ClusterOption();

    EtcdAccess access() {
        return etcd.access(stateDir.dir);
    }

    /** The cluster named by --cluster, else the only one in the store. */
    String clusterName(TopoStore store) {
        if (cluster.given() != null) {
            return cluster.given();
        }
        List<String> clusters = store.clusters();
        if (clusters.size() != 1) {
            throw new UserException(clusters.isEmpty() ? "no cluster in etcd" : "etcd holds clusters " + clusters + ": name one with --cluster NAME");
        }
        return clusters.get(0);
    }
}
