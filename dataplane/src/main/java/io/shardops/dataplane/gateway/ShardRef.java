package io.shardops.dataplane.gateway;

import io.shardops.spec.key.KeyRange;
import java.util.List;
import java.util.Optional;

/** A serving shard of a keyspace: its name and key range. */
public record ShardRef(String name, KeyRange keyRange) {
    /** The first of {@code shards} whose key range holds the keyspace id; serving shards never overlap. */
    public static Optional<ShardRef> holding(List<ShardRef> shards, byte[] keyspaceId) {
        for (ShardRef s : shards) {
            if (s.keyRange().contains(keyspaceId)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    public static ShardRef of(String name) {
        return new ShardRef(name, KeyRange.parse(name).orElseThrow(() -> new IllegalArgumentException("bad shard name " + name)));
    }
}
