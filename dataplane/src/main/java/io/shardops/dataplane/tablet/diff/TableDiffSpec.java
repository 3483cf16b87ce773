package io.shardops.dataplane.tablet.diff;

import io.shardops.dataplane.tablet.copy.RowSelector;
import io.shardops.dataplane.vindex.Vindex;
import io.shardops.spec.key.KeyRange;
import java.util.List;

/**
 * What the reconciler asks a move's target primary to compare: one table of this tablet with the same table
 * on a source MariaDB, for the rows the pair must agree on ({@link ShardPair}). Plain data, so it crosses the
 * tablet manager's HTTP API.
 *
 * @param sourceHost      the MariaDB the source side is read from (the tablet the stream copies from)
 * @param sourceMysqlPort that MariaDB's port
 * @param sourceDatabase  the source keyspace's database
 * @param table           the table, the same name on both sides
 * @param target          which source rows belong on this target shard
 * @param sourceShares    which rows each source shard of the move owns, in the move's order
 * @param sourceIndex     the index in {@code sourceShares} of this pair's source shard
 */
public record TableDiffSpec(String sourceHost, int sourceMysqlPort, String sourceDatabase, String table, Rows target,
                            List<Rows> sourceShares, int sourceIndex) {
    public TableDiffSpec {
        sourceShares = List.copyOf(sourceShares);
    }

    /**
     * Rows of a table by key range: every row when {@code vindexColumn} is null, else those whose keyspace id
     * under a vindex of {@code vindexType} falls in {@code keyRange} (a shard name: {@code -80}).
     */
    public record Rows(String vindexColumn, String vindexType, String keyRange) {
        public static Rows all() {
            return new Rows(null, null, "-");
        }

        public RowSelector selector() {
            KeyRange range = KeyRange.parse(keyRange).orElseThrow(() ->
                    new IllegalArgumentException("'" + keyRange + "' is not a key range (e.g. -80, 80-)"));
            if (vindexColumn == null || vindexColumn.isEmpty() || range.isFull()) {
                return RowSelector.all();
            }
            Vindex v = Vindex.forType(vindexType).orElseThrow(() -> new IllegalArgumentException("vindex type " + vindexType + " is not supported"));
            return RowSelector.byKeyRange(vindexColumn, v, range);
        }
    }

    /** The rows the pair compares, as {@link TableDiff} reads them. */
    public ShardPair pair() {
        return new ShardPair(target.selector(), sourceShares.stream().map(Rows::selector).toList(), sourceIndex);
    }
}
