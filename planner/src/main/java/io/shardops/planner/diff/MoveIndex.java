package io.shardops.planner.diff;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The plan's moves, found by the keyspace or shard a phase looks at. */
final class MoveIndex {
    private final List<Move> all;
    private final Map<String, List<Move>> into = new HashMap<>();
    private final Map<String, List<Move>> outOf = new HashMap<>();
    private final Map<String, Move> reshardOf = new HashMap<>();
    private final Map<String, Move> reshardSource = new HashMap<>();
    private final Map<String, Move> reshardTarget = new HashMap<>();
    private final Set<String> reshardSourceKeyspaces = new HashSet<>();

    MoveIndex(List<Move> moves) {
        this.all = moves;
        for (Move m : moves) {
            switch (m.kind()) {
                case MOVE_TABLES -> {
                    into.computeIfAbsent(m.targetKeyspace(), k -> new ArrayList<>()).add(m);
                    outOf.computeIfAbsent(m.sourceKeyspace(), k -> new ArrayList<>()).add(m);
                }
                case RESHARD -> {
                    reshardOf.put(m.targetKeyspace(), m);
                    m.sourceShards().forEach(s -> reshardSource.put(Words.key(m.sourceKeyspace(), s), m));
                    reshardSourceKeyspaces.add(m.sourceKeyspace());
                    m.targetShards().forEach(s -> reshardTarget.put(Words.key(m.targetKeyspace(), s), m));
                }
            }
        }
    }

    List<Move> all() {
        return all;
    }

    /** MoveTables into this keyspace. */
    List<Move> into(String keyspace) {
        return into.getOrDefault(keyspace, List.of());
    }

    /** MoveTables out of this keyspace. */
    List<Move> outOf(String keyspace) {
        return outOf.getOrDefault(keyspace, List.of());
    }

    /** The reshard of this keyspace, or null. */
    Move reshardOf(String keyspace) {
        return reshardOf.get(keyspace);
    }

    /** The reshard whose source this shard ({@code ks/s}) is, or null: the shard's end is that move's business. */
    Move reshardFrom(String shardKey) {
        return reshardSource.get(shardKey);
    }

    /** Whether a reshard has source shards in this keyspace: else {@link #reshardFrom} is null for all its shards. */
    boolean reshardsFrom(String keyspace) {
        return reshardSourceKeyspaces.contains(keyspace);
    }

    /** The reshard whose target this shard ({@code ks/s}) is, or null. */
    Move reshardInto(String shardKey) {
        return reshardTarget.get(shardKey);
    }
}
