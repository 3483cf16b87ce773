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
}
