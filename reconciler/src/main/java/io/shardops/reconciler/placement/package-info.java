/**
 * A cluster over several hosts: the nodes that registered in etcd ({@link io.shardops.reconciler.placement.NodeRecord},
 * {@link io.shardops.reconciler.placement.NodeDirectory}) and where a shard's tablets run
 * ({@link io.shardops.reconciler.placement.ShardPlacement}, decided by the pure
 * {@link io.shardops.reconciler.placement.TabletPlacement}).
 */
package io.shardops.reconciler.placement;
