/**
 * The local cluster of {@code shardops up}: its state dir ({@link io.shardops.reconciler.host.local.StateDir}),
 * the detached etcd and node processes ({@link io.shardops.reconciler.host.local.LocalCluster}), and the node
 * daemon ({@link io.shardops.reconciler.host.local.NodeDaemon}): one JVM hosting every tablet and gateway of
 * this machine, driven over a small HTTP API on 127.0.0.1 ({@link io.shardops.reconciler.host.local.NodeClient}).
 *
 * <p>Everything a restart needs is in the state dir, so {@code shardops up} after a reboot, or after the
 * node died, brings back the same tablets (same aliases, ports and data) and the same etcd endpoint.
 */
package io.shardops.reconciler.host.local;
