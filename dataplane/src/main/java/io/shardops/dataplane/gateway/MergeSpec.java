package io.shardops.dataplane.gateway;

import java.util.List;

/**
 * How scattered SELECT results combine, by column position in the select list.
 *
 * @param aggregates  per column: how to combine rows that fall in one group; empty when the query has none
 * @param groupBy     columns forming the group key (empty with aggregates: one group)
 * @param orderBy     sort keys after combining
 * @param offset      rows to skip after sorting
 * @param limit       rows to keep after the offset; -1 for all
 * @param visibleColumns columns the client asked for (extra ones were added for sorting, averages or HAVING);
 *                    -1 for all
 * @param averages    AVG columns: each shard sent SUM in the column and COUNT in a hidden one
 * @param distinctColumn for COUNT(DISTINCT x) and SUM(DISTINCT x): the column holding x, by which each shard
 *                    also grouped its rows; -1 when the query has no DISTINCT aggregate
 * @param having      the HAVING condition, evaluated on the combined groups; null when there is none
 */
public record MergeSpec(List<Aggregate> aggregates, List<Integer> groupBy, List<SortKey> orderBy, long offset, long limit,
                        int visibleColumns, List<Average> averages, int distinctColumn, HavingFilter having) {
    public static final MergeSpec CONCAT = new MergeSpec(List.of(), List.of(), List.of(), 0, -1, -1);

    public MergeSpec {
        aggregates = List.copyOf(aggregates);
        groupBy = List.copyOf(groupBy);
        orderBy = List.copyOf(orderBy);
        averages = List.copyOf(averages);
    }

    public MergeSpec(List<Aggregate> aggregates, List<Integer> groupBy, List<SortKey> orderBy, long offset, long limit,
                     int visibleColumns) {
        this(aggregates, groupBy, orderBy, offset, limit, visibleColumns, List.of(), -1, null);
    }

    public boolean aggregating() {
        return !aggregates.isEmpty();
    }

    /**
     * How one column combines across shards. CHECKSUM: MariaDB's table checksum is the sum of its rows' checksums
     * modulo 2^32, so the shards' checksums add up the same way (NULL, a table a shard lacks, stays NULL).
     */
    public enum Aggregate { NONE, COUNT, SUM, MIN, MAX, COUNT_DISTINCT, SUM_DISTINCT, CHECKSUM }

    /** An AVG column: the sum the shards sent in {@code sumColumn}, divided by the count in {@code countColumn}. */
    public record Average(int sumColumn, int countColumn) {}

    /**
     * @param column the select-list position; -1 when the select list is {@code *} and the key is found by
     *               {@code name} among the result's columns
     */
    public record SortKey(int column, boolean descending, String name) {
        public SortKey(int column, boolean descending) {
            this(column, descending, null);
        }
    }
}
