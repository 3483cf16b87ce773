/**
 * High availability of a shard's primary: {@link io.shardops.reconciler.failover.FailoverMonitor} notices a
 * primary that is gone and runs an emergency reparent, {@link io.shardops.reconciler.failover.Reparent} also runs
 * the planned one ({@code shardops reparent}), former primaries are fenced and re-joined or reported
 * {@code needs-rebuild}, and every failover is recorded in {@link io.shardops.reconciler.failover.FailoverLog}.
 * The pure decisions (which replica, errant transactions) are in {@link io.shardops.reconciler.failover.Candidates}.
 */
package io.shardops.reconciler.failover;
