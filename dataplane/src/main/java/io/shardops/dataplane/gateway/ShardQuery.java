package io.shardops.dataplane.gateway;

/** The SQL one shard receives. */
public record ShardQuery(ShardTarget target, String sql) {}
