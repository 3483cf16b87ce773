package io.shardops.spec;

import java.util.List;

/**
 * An explicit data move that holds the move at a stage.
 *
 * @param name          unique among migrations; also the workflow name in the topology
 * @param move          what moves
 * @param copy          false: targets prepared, no data copied yet
 * @param switchTraffic tablet types already served by the target, a prefix of rdonly, replica, primary
 * @param complete      true: the source is cleaned up
 */
public record Migration(String name, Move move, boolean copy, List<TabletType> switchTraffic, boolean complete, SourceLocation location) {
    public Migration {
        switchTraffic = List.copyOf(switchTraffic);
    }

    /** What a migration moves: tables between keyspaces, or a keyspace's rows between shards. */
    public sealed interface Move permits MoveTables, Reshard {}

    /** A vertical split: tables move from one keyspace to another. */
    public record MoveTables(String from, String to, List<String> tables) implements Move {
        public MoveTables {
            tables = List.copyOf(tables);
        }
    }

    /** A horizontal split or merge: a keyspace's rows move from one set of shards to another. */
    public record Reshard(String keyspace, List<String> from, List<String> to) implements Move {
        public Reshard {
            from = List.copyOf(from);
            to = List.copyOf(to);
        }
    }
}
