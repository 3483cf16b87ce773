package io.shardops.reconciler.git;

import io.shardops.planner.topology.Topology;

/**
 * The live topology the next plan starts from: the etcd topology store in a real watcher, the
 * topology the last good spec describes in a dry run without a cluster.
 */
@FunctionalInterface
public interface TopologySource {
    Topology read() throws Exception;
}
