package io.shardops.dataplane.tablet.diff;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import io.shardops.dataplane.tablet.copy.TableLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableDiffTest {
    @Test
    void keysCompareAsMariaDbOrdersThem() {
        assertTrue(TableDiff.compareValues(2L, 10) < 0, "numbers by value, whatever their Java type");
        assertTrue(TableDiff.compareValues(new BigInteger("18446744073709551615"), Long.MAX_VALUE) > 0, "unsigned bigint above signed");
        assertTrue(TableDiff.compareValues(new byte[] {(byte) 0x80}, new byte[] {0x7f}) > 0, "binary strings bytewise, unsigned");
        assertTrue(TableDiff.compareValues("SKU-1001".getBytes(), "SKU-1002".getBytes()) < 0);
        assertTrue(TableDiff.compareKeys(new Object[] {1L, "b"}, new Object[] {1L, "c"}, List.of(0, 1)) < 0, "second key column decides a tie");
    }

    @Test
    void rowsAreTheSameWhenEveryColumnHasTheSameValue() {
        assertTrue(TableDiff.sameRow(new Object[] {1L, "a@x".getBytes(), new BigDecimal("30.0")}, new Object[] {1, "a@x".getBytes(), new BigDecimal("30")}));
        assertFalse(TableDiff.sameRow(new Object[] {1L, "a@x".getBytes()}, new Object[] {1L, "b@x".getBytes()}));
        assertFalse(TableDiff.sameRow(new Object[] {1L, null}, new Object[] {1L, 0L}));
    }

    @Test
    void aResultIsCleanOnlyWithoutMissingExtraOrDifferentRows() {
        assertTrue(new TableDiff.Result("customer", 5, 5, 0, 0, 0, List.of()).clean());
        assertFalse(new TableDiff.Result("customer", 5, 4, 1, 0, 0, List.of("missing (customer_id=4)")).clean());
        assertTrue(new TableDiff.Result("customer", 5, 4, 1, 0, 0, List.of("missing (customer_id=4)")).toString().contains("customer_id=4"));
    }

    /** TIME columns are compared as text: java.sql.Time would drop microseconds and refuse negative times. */
    @Test
    void timeColumnsAreReadAsText() {
        TableLayout l = new TableLayout("t", List.of("id", "t", "at"), List.of(0), List.of("bigint", "time", "datetime"));
        boolean[] asText = TableDiff.asText(l);
        assertFalse(asText[0]);
        assertTrue(asText[1]);
        assertFalse(asText[2]);
    }
}
