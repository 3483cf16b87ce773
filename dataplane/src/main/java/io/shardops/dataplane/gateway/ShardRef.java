package io.shardops.dataplane.gateway;

import io.shardops.spec.key.KeyRange;

/** A serving shard of a keyspace: its name and key range. */
public record ShardRef(String name, KeyRange keyRange) {
    public static ShardRef of(String name) {
        return new ShardRef(name, KeyRange.parse(name).orElseThrow(() -> new IllegalArgumentException("bad shard name " + name)));
    }
}
