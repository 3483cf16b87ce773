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
 * @param visibleColumns columns the client asked for (extra ones were added for sorting); -1 for all
 */
public record MergeSpec(List<Aggregate> aggregates, List<Integer> groupBy, List<SortKey> orderBy, long offset, long limit,
                        int visibleColumns) {
    public static final MergeSpec CONCAT = new MergeSpec(List.of(), List.of(), List.of(), 0, -1, -1);

    public MergeSpec {
        aggregates = List.copyOf(aggregates);
        groupBy = List.copyOf(groupBy);
        orderBy = List.copyOf(orderBy);
    }

    public boolean aggregating() {
        return !aggregates.isEmpty();
    }

    /** How one column combines across shards. */
    public enum Aggregate { NONE, COUNT, SUM, MIN, MAX }

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
