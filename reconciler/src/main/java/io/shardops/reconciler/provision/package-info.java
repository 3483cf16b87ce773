/**
 * Provisioning: the one seam through which shardops creates and removes the processes of a
 * cluster — the topology server, the gateways of each cell, and the tablets of each shard
 * (each with its own mysqld).
 *
 * <p>{@link io.shardops.reconciler.provision.Provisioner} takes plain data (a cell and its
 * {@link io.shardops.spec.Gateway}, a keyspace, shard and cell with their
 * {@link io.shardops.spec.TabletCounts}) and returns a
 * {@link io.shardops.reconciler.provision.Provisioned} value: what now runs (endpoints, tablet
 * aliases) and the list of {@link io.shardops.reconciler.provision.ProvisionedObject}s it made. It knows
 * nothing of plans or steps: the apply executor maps its steps ({@code start-tablets},
 * {@code stop-tablets}, {@code delete-shard}) to these calls, and which implementation runs —
 * local child processes on loopback for {@code shardops up}, or pods on Kubernetes
 * ({@link io.shardops.reconciler.provision.kubernetes}) — is chosen once at start-up.
 *
 * <p>Contract every implementation keeps:
 * <ul>
 *   <li>every {@code ensure*} call is idempotent: calling it again with the same data changes
 *       nothing and reports every object {@link io.shardops.reconciler.provision.ProvisionedObject.Effect#UNCHANGED};
 *   <li>fewer tablets than before stop the surplus tablets (highest ordinals first) but keep their data;
 *   <li>{@code removeTablets} stops every tablet of a shard in a cell and keeps its data;
 *       only {@code removeShardVolumes}, called by a {@code destroy} step, deletes the data;
 *   <li>tablet aliases are stable: the same pool position gets the same alias after a restart.
 * </ul>
 */
package io.shardops.reconciler.provision;
