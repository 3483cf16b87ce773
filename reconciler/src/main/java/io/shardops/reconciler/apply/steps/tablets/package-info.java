/**
 * The apply steps that act on tablets rather than on topology records alone: start and stop tablets
 * (through a {@link io.shardops.reconciler.provision.Provisioner}), elect a shard's first primary, apply
 * and copy schema, create sequences (through each tablet's manager API). After changing a shard's
 * tables they record them in the shard's {@code Schema} record, which the planner diffs against.
 */
package io.shardops.reconciler.apply.steps.tablets;
