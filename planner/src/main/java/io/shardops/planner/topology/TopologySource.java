package io.shardops.planner.topology;

/**
 * Where the planner's live topology comes from: one consistent read of a cluster's records, with the
 * etcd revision and each key's mod revision filled in. The etcd topology store implements it.
 */
public interface TopologySource {
    /** Reads the topology of {@code clusterName}; {@link Topology#empty} when nothing is stored for it yet. */
    Topology read(String clusterName);
}
