package io.shardops.planner.topology;

/**
 * One copy/catch-up stream of a workflow, from one source shard into one target shard.
 *
 * @param position   the source's GTID position the target has applied up to; empty before the copy
 * @param rowsCopied rows written by the snapshot copy so far
 * @param state      free text from the stream: {@code copying}, {@code running}, {@code stopped}, or an error
 */
public record StreamRecord(String sourceShard, String targetShard, String position, long rowsCopied, String state) {}
