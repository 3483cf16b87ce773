package io.shardops.dataplane.tablet.diff;

import io.shardops.dataplane.tablet.copy.RowSelector;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The rows one source shard and one target shard of a move must agree on. A target filled from several
 * source shards (a merge like {@code -80,80- -> 0}, or MoveTables out of a sharded keyspace) holds every
 * source's rows, so each pair compares only the rows its source shard owns, on both sides: the other
 * sources' rows on the target are theirs to compare, not extra here. Every target row is owned by exactly
 * one source shard, so across the pairs each is compared once and a stray row is still reported.
 *
 * @param target which source rows belong on the target shard (its key range under the target's vindex)
 * @param sources one selector per source shard of the move, in the move's order (its key range under the
 *                vindex that splits the source keyspace)
 * @param source  the index in {@code sources} of this pair's source shard
 */
public record ShardPair(RowSelector target, List<RowSelector> sources, int source) {
    public ShardPair {
        Objects.requireNonNull(target);
        sources = List.copyOf(sources);
        if (source < 0 || source >= sources.size()) {
            throw new IllegalArgumentException("source shard index " + source + " is not one of the " + sources.size() + " source shard(s)");
        }
    }

    /** A move with one source shard (a split, an unsharded move): that shard owns every row. */
    public static ShardPair oneSource(RowSelector target) {
        return new ShardPair(target, List.of(RowSelector.all()), 0);
    }

    /** The source rows to compare: those the target should hold and this pair's source shard owns. */
    public Predicate<Object[]> sourceRows(List<String> columns) {
        return target.bind(columns).and(ownedBySource(columns));
    }

    /** The target rows to compare: every one this pair's source shard owns, in the target's range or not (outside it is extra). */
    public Predicate<Object[]> targetRows(List<String> columns) {
        return ownedBySource(columns);
    }

    private Predicate<Object[]> ownedBySource(List<String> columns) {
        if (sources.size() == 1) {
            return row -> true;
        }
        int[] vindexColumns = sources.stream().mapToInt(s -> s.vindexColumnIndex(columns)).toArray();
        return row -> owner(row, vindexColumns) == source;
    }

    /**
     * The first source shard whose key range holds the row's keyspace id. A row none holds (no sharding
     * key, or a value the vindex refuses) goes to the first source shard, so it is still compared once.
     */
    private int owner(Object[] row, int[] vindexColumns) {
        for (int i = 0; i < sources.size(); i++) {
            if (vindexColumns[i] < 0 || sources.get(i).acceptsKeyValue(row[vindexColumns[i]])) {
                return i;
            }
        }
        return 0;
    }
}
