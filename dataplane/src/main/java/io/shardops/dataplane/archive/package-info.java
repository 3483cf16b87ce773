/**
 * The binary log archive of a shard, for point-in-time recovery: a {@link io.shardops.dataplane.archive.BinlogArchiver}
 * follows the shard's primary as a replica would (by GTID, so it resumes after a restart and after a primary switch
 * from the last archived transaction) and ships its events into the backup location in segments, each a valid
 * binary log file with a {@link io.shardops.dataplane.archive.SegmentManifest} written after it;
 * {@link io.shardops.dataplane.archive.BinlogReplay} applies archived segments to a restored server up to a time.
 */
package io.shardops.dataplane.archive;
