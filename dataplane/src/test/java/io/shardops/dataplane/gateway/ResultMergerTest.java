package io.shardops.dataplane.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shardops.dataplane.mysql.ColumnDefinition;
import io.shardops.dataplane.mysql.ResultSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultMergerTest {
    static final List<ColumnDefinition> COLS = List.of(ColumnDefinition.varchar("sku"), ColumnDefinition.bigint("n"));

    static ResultSet shard(Object... cells) {
        List<byte[][]> rows = new ArrayList<>();
        for (int i = 0; i < cells.length; i += 2) {
            rows.add(new byte[][] {cells[i] == null ? null : cells[i].toString().getBytes(StandardCharsets.UTF_8),
                    cells[i + 1] == null ? null : cells[i + 1].toString().getBytes(StandardCharsets.UTF_8)});
        }
        return new ResultSet(COLS, rows);
    }

    static List<String> flat(ResultSet rs) {
        List<String> out = new ArrayList<>();
        for (int r = 0; r < rs.rows().size(); r++) {
            out.add(rs.text(r, 0) + "=" + rs.text(r, 1));
        }
        return out;
    }

    @Test
    void ordersNumericallyAndAppliesOffsetAndLimitAfterMerging() {
        MergeSpec spec = new MergeSpec(List.of(), List.of(), List.of(new MergeSpec.SortKey(1, true)), 1, 2, -1);
        ResultSet merged = ResultMerger.merge(List.of(shard("a", 9, "b", 100), shard("c", 20, "d", null)), spec);
        assertEquals(List.of("c=20", "a=9"), flat(merged));
    }

    @Test
    void groupsSumCountsAndKeepMinMaxPerGroup() {
        MergeSpec spec = new MergeSpec(List.of(MergeSpec.Aggregate.NONE, MergeSpec.Aggregate.SUM), List.of(0),
                List.of(new MergeSpec.SortKey(0, false)), 0, -1, -1);
        ResultSet merged = ResultMerger.merge(List.of(shard("x", 1, "y", 2), shard("y", 3, "x", 4)), spec);
        assertEquals(List.of("x=5", "y=5"), flat(merged));
        MergeSpec max = new MergeSpec(List.of(MergeSpec.Aggregate.MIN, MergeSpec.Aggregate.MAX), List.of(), List.of(), 0, -1, -1);
        assertEquals(List.of("a=100"), flat(ResultMerger.merge(List.of(shard("b", 100), shard("a", 99)), max)));
    }

    @Test
    void countDistinctCountsAValueBothShardsHoldOnce() {
        // select sku, count(distinct n) ... group by sku: each shard sent (sku, n) once per distinct n
        MergeSpec spec = new MergeSpec(List.of(MergeSpec.Aggregate.NONE, MergeSpec.Aggregate.COUNT_DISTINCT), List.of(0),
                List.of(new MergeSpec.SortKey(0, false)), 0, -1, -1, List.of(), 1, null);
        ResultSet merged = ResultMerger.merge(List.of(shard("x", 1, "x", 2, "y", null), shard("x", 1, "y", 7)), spec);
        assertEquals(List.of("x=2", "y=1"), flat(merged));
    }

    @Test
    void havingKeepsOnlyGroupsWhoseCombinedValueHolds() {
        HavingFilter over = HavingFilter.compile(new net.sf.jsqlparser.expression.operators.relational.GreaterThan(
                new net.sf.jsqlparser.schema.Column("n"), new net.sf.jsqlparser.expression.LongValue(4)), e -> 1);
        MergeSpec spec = new MergeSpec(List.of(MergeSpec.Aggregate.NONE, MergeSpec.Aggregate.SUM), List.of(0),
                List.of(new MergeSpec.SortKey(0, false)), 0, -1, -1, List.of(), -1, over);
        // x is 1 + 4 = 5 over both shards, though neither shard alone passes; y has a NULL sum, which never holds
        ResultSet merged = ResultMerger.merge(List.of(shard("x", 1, "y", null), shard("x", 4, "z", 9)), spec);
        assertEquals(List.of("x=5", "z=9"), flat(merged));
    }

    @Test
    void unionDropsRepeatsOfEverythingBeforeADistinctUnion() {
        ResultSet a = shard("a", 1, "a", 1);
        ResultSet b = shard("a", 1, "b", 2);
        assertEquals(List.of("a=1", "a=1", "a=1", "b=2"), flat(Unions.combine(List.of(a, b), List.of(false))));
        assertEquals(List.of("a=1", "b=2"), flat(Unions.combine(List.of(a, b), List.of(true))));
    }

    @Test
    void groupsByTheColumnsCollationAsEachShardDid() {
        // utf8mb4_general_ci: 'Alice' on one shard and 'alice ' on another are one group, as on one MariaDB
        MergeSpec spec = new MergeSpec(List.of(MergeSpec.Aggregate.NONE, MergeSpec.Aggregate.SUM), List.of(0),
                List.of(new MergeSpec.SortKey(0, false)), 0, -1, -1);
        assertEquals(List.of("Alice=5", "bob=1"), flat(ResultMerger.merge(List.of(shard("Alice", 2, "bob", 1), shard("alice ", 3)), spec)));
        // utf8mb4_bin (the server marks it BINARY_FLAG): case matters, trailing spaces do not
        ResultSet a = binaryCollated(shard("Alice", 2, "bob", 1));
        ResultSet b = binaryCollated(shard("alice", 3, "bob  ", 4));
        assertEquals(List.of("Alice=2", "alice=3", "bob=5"), flat(ResultMerger.merge(List.of(a, b), spec)));
    }

    @Test
    void unionRepeatsFollowTheColumnsCollation() {
        assertEquals(List.of("Ann=1"), flat(Unions.combine(List.of(shard("Ann", 1), shard("ann", 1)), List.of(true))));
        ResultSet a = binaryCollated(shard("Ann", 1));
        ResultSet b = binaryCollated(shard("ann", 1));
        assertEquals(List.of("Ann=1", "ann=1"), flat(Unions.combine(List.of(a, b), List.of(true))));
    }

    @Test
    void minAndMaxOfACaseSensitiveColumnCompareBytes() {
        MergeSpec max = new MergeSpec(List.of(MergeSpec.Aggregate.MAX, MergeSpec.Aggregate.MAX), List.of(), List.of(), 0, -1, -1);
        assertEquals(List.of("c=2"), flat(ResultMerger.merge(List.of(shard("B", 1), shard("c", 2)), max)));  // _ci: B < c
        assertEquals(List.of("b=2"), flat(ResultMerger.merge(List.of(binaryCollated(shard("B", 1)), binaryCollated(shard("b", 2))), max)));
        assertEquals(List.of("a=2"), flat(ResultMerger.merge(List.of(binaryCollated(shard("a", 1)), binaryCollated(shard("B", 2))), max)));
    }

    private static ResultSet binaryCollated(ResultSet rs) {
        ColumnDefinition sku = rs.columns().get(0);
        ColumnDefinition bin = new ColumnDefinition(sku.schema(), sku.table(), sku.orgTable(), sku.name(), sku.orgName(), 46,
                sku.columnLength(), sku.type(), sku.flags() | io.shardops.dataplane.mysql.ColumnType.BINARY_FLAG, sku.decimals());
        return new ResultSet(List.of(bin, rs.columns().get(1)), rs.rows());
    }
}
