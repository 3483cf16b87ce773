/**
 * The {@link io.shardops.reconciler.provision.Provisioner} of {@code shardops up}: everything runs on this
 * machine, on 127.0.0.1 — etcd as a detached child process, tablets and gateways inside the node daemon
 * ({@link io.shardops.reconciler.host.local.NodeDaemon}), reached over its HTTP API.
 */
package io.shardops.reconciler.provision.local;
