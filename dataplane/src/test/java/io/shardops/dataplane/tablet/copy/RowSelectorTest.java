package io.shardops.dataplane.tablet.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.shardops.dataplane.vindex.HashVindex;
import io.shardops.spec.key.KeyRange;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RowSelectorTest {
    private static List<Long> accepted(String shard) {
        Predicate<Object[]> p = RowSelector.byKeyRange("customer_id", new HashVindex(), KeyRange.parse(shard).orElseThrow())
                .bind(List.of("customer_id", "email"));
        return LongStream.rangeClosed(1, 5).boxed().filter(id -> p.test(new Object[] {id, "x"})).toList();
    }

    @Test
    void customersSplitAsTheReferenceShows() {
        assertEquals(List.of(1L, 2L, 3L, 5L), accepted("-80"));
        assertEquals(List.of(4L), accepted("80-"));
    }

    @Test
    void aRowWithoutAShardingKeyBelongsToNoShard() {
        Predicate<Object[]> p = RowSelector.byKeyRange("customer_id", new HashVindex(), KeyRange.parse("-80").orElseThrow())
                .bind(List.of("order_id", "customer_id"));
        assertFalse(p.test(new Object[] {1L, null}));
    }

    @Test
    void compositeKeysPageInKeyOrder() {
        TableLayout t = new TableLayout("t", List.of("a", "b", "c"), List.of(0, 1), List.of("int", "int", "int"));
        assertEquals("(`a` > ?) OR (`a` = ? AND `b` > ?)", t.afterKeyCondition());
        assertEquals(List.of(1, 1, 2), t.afterKeyParameters(List.of(1, 2)));
        assertEquals("DELETE FROM `t` WHERE `a` = ? AND `b` = ?", t.deleteSql());
    }

    @Test
    void literalsRoundTripTheValuesBinlogAndJdbcProduce() {
        StringBuilder sb = new StringBuilder();
        for (Object v : new Object[] {null, 42L, new byte[] {0, (byte) 0xff, 'a'}, new byte[0], "it's", new BigDecimal("1.50")}) {
            Rows.appendLiteral(sb, v);
            sb.append(',');
        }
        assertEquals("NULL,42,X'00FF61','','it''s',1.50,", sb.toString());
    }

    @Test
    void aKeyRangeCarriesItsShareOfTheRows() {
        assertEquals(0.5, RowSelector.byKeyRange("id", new HashVindex(), KeyRange.parse("-80").orElseThrow()).shareOfRows(), 1e-9);
        assertEquals(0.25, RowSelector.byKeyRange("id", new HashVindex(), KeyRange.parse("80-c0").orElseThrow()).shareOfRows(), 1e-9);
        assertEquals(1.0, RowSelector.all().shareOfRows(), 1e-9);
    }
}
