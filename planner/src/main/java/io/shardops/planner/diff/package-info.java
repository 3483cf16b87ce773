/**
 * The diff: desired {@link io.shardops.spec.Cluster} against live {@link io.shardops.planner.topology.Topology},
 * giving a {@link io.shardops.planner.plan.Plan} or the reasons to refuse. Pure: no I/O, no clock.
 */
package io.shardops.planner.diff;
