/**
 * The live topology: the records shardops keeps in etcd, modelled on Vitess's global and cell topo.
 *
 * <p>These records are the etcd record shapes. The topology store ({@code io.shardops.reconciler.topo})
 * maps each one to one JSON value under {@code /shardops/<cluster>/}: {@link io.shardops.planner.topology.KeyspaceRecord}
 * at {@code global/keyspaces/<ks>/Keyspace}, the keyspace's VSchema at {@code global/keyspaces/<ks>/VSchema},
 * {@link io.shardops.planner.topology.ShardRecord} at {@code global/keyspaces/<ks>/shards/<shard>/Shard},
 * {@link io.shardops.planner.topology.ShardSchema} at {@code global/keyspaces/<ks>/shards/<shard>/Schema},
 * {@link io.shardops.planner.topology.WorkflowRecord} at {@code global/keyspaces/<target ks>/workflows/<name>},
 * {@link io.shardops.planner.topology.TabletRecord} at {@code cells/<cell>/tablets/<alias>},
 * {@link io.shardops.planner.topology.SrvKeyspace} at {@code cells/<cell>/SrvKeyspace/<ks>} and
 * {@link io.shardops.planner.topology.ReconcilerRecord} at {@code reconciler/state}. A
 * {@link io.shardops.planner.topology.Topology} is one consistent read of all of them with the etcd
 * revision and each key's mod revision, so a saved plan can tell whether what it read has changed.
 * Everything here is immutable and free of I/O; {@link io.shardops.planner.topology.TopologyOf} derives the
 * topology a fully applied spec describes.
 */
package io.shardops.planner.topology;
