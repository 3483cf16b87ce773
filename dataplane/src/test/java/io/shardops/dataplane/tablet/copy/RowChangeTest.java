package io.shardops.dataplane.tablet.copy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.shardops.dataplane.vindex.HashVindex;
import io.shardops.spec.key.KeyRange;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which writes the target gets for one binlog row change of a stream carrying shard -80 (customers 1, 2, 3, 5; not 4). */
class RowChangeTest {
    static final TableLayout CORDER = new TableLayout("corder", List.of("order_id", "customer_id", "sku"), List.of(0),
            List.of("bigint", "bigint", "varbinary"));
    static final BoundTable LOW = new BoundTable(CORDER,
            RowSelector.byKeyRange("customer_id", new HashVindex(), KeyRange.parse("-80").orElseThrow()).bind(CORDER.columns()));

    static Object[] order(long id, long customer) {
        return new Object[] {id, customer, "SKU".getBytes()};
    }

    @Test
    void anInsertInTheKeyRangeIsReplaced() {
        Object[] row = order(1, 1);
        List<RowChange.Write> w = RowChange.insert(LOW, row).writes();
        assertEquals(1, w.size());
        assertInstanceOf(RowChange.Write.Replace.class, w.get(0));
        assertArrayEquals(row, w.get(0).row());
    }

    @Test
    void anInsertOutsideTheKeyRangeWritesNothing() {
        assertEquals(List.of(), RowChange.insert(LOW, order(1, 4)).writes());
    }

    @Test
    void aDeleteInTheKeyRangeDeletesAndOneOutsideWritesNothing() {
        List<RowChange.Write> in = RowChange.delete(LOW, order(1, 2)).writes();
        assertEquals(1, in.size());
        assertInstanceOf(RowChange.Write.Delete.class, in.get(0));
        assertEquals(List.of(), RowChange.delete(LOW, order(1, 4)).writes());
    }

    @Test
    void anUpdateWithinTheKeyRangeIsOneReplace() {
        List<RowChange.Write> w = RowChange.update(LOW, order(7, 1), order(7, 2)).writes();
        assertEquals(1, w.size());
        assertInstanceOf(RowChange.Write.Replace.class, w.get(0));
        assertArrayEquals(order(7, 2), w.get(0).row());
    }

    @Test
    void aRowMovingOutOfTheKeyRangeIsDeleted() {
        List<RowChange.Write> w = RowChange.update(LOW, order(7, 1), order(7, 4)).writes();
        assertEquals(1, w.size());
        assertInstanceOf(RowChange.Write.Delete.class, w.get(0));
        assertArrayEquals(order(7, 1), w.get(0).row());
    }

    @Test
    void aRowMovingIntoTheKeyRangeIsWritten() {
        List<RowChange.Write> w = RowChange.update(LOW, order(7, 4), order(7, 5)).writes();
        assertEquals(1, w.size());
        assertInstanceOf(RowChange.Write.Replace.class, w.get(0));
    }

    @Test
    void aPrimaryKeyChangeDeletesTheOldKeyBeforeWritingTheNewRow() {
        List<RowChange.Write> w = RowChange.update(LOW, order(7, 1), order(8, 1)).writes();
        assertEquals(2, w.size());
        assertInstanceOf(RowChange.Write.Delete.class, w.get(0));
        assertArrayEquals(order(7, 1), w.get(0).row());
        assertInstanceOf(RowChange.Write.Replace.class, w.get(1));
        assertArrayEquals(order(8, 1), w.get(1).row());
    }

    @Test
    void aBinaryPrimaryKeyIsComparedByItsBytes() {
        TableLayout t = new TableLayout("t", List.of("k", "v"), List.of(0), List.of("varbinary", "bigint"));
        BoundTable all = new BoundTable(t, RowSelector.all().bind(t.columns()));
        List<RowChange.Write> w = RowChange.update(all, new Object[] {"a".getBytes(), 1L}, new Object[] {"a".getBytes(), 2L}).writes();
        assertEquals(1, w.size(), "same key bytes in two arrays: an update in place, not a delete and a replace");
    }

    @Test
    void anUpdateOutsideTheKeyRangeWritesNothing() {
        assertEquals(List.of(), RowChange.update(LOW, order(7, 4), order(8, 4)).writes());
    }
}
