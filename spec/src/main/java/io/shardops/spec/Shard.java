package io.shardops.spec;

import io.shardops.spec.key.KeyRange;

/**
 * One shard of a keyspace.
 *
 * @param name     the shard name as written ({@code 0}, {@code -80}, {@code 80-})
 * @param keyRange the range the name denotes
 * @param tablets  tablet counts, the cluster default already applied
 */
public record Shard(String name, KeyRange keyRange, TabletCounts tablets) {}
