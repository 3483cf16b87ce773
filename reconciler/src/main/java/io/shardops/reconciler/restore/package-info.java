/**
 * Point-in-time recovery into a snapshot keyspace: {@link io.shardops.reconciler.restore.SnapshotRestore} brings up
 * a new, read-only keyspace with a keyspace's data as it was at a time (per shard the latest backup before it, then
 * the archived binlogs up to it), served through the gateway like any keyspace.
 */
package io.shardops.reconciler.restore;
