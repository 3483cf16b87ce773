package io.shardops.dataplane.tablet.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The statements a stream writes to the target with, built from a table's layout. */
class TableLayoutTest {
    static final TableLayout CUSTOMER = new TableLayout("customer", List.of("customer_id", "email"), List.of(0),
            List.of("bigint", "varbinary"));

    @Test
    void replaceCarriesOnePlaceholderGroupPerRow() {
        assertEquals("REPLACE INTO `customer` (`customer_id`, `email`) VALUES (?, ?)", CUSTOMER.replaceSql(1));
        assertEquals("REPLACE INTO `customer` (`customer_id`, `email`) VALUES (?, ?), (?, ?), (?, ?)", CUSTOMER.replaceSql(3));
    }

    @Test
    void deleteMatchesThePrimaryKeyOnly() {
        assertEquals("DELETE FROM `customer` WHERE `customer_id` = ?", CUSTOMER.deleteSql());
    }

    @Test
    void namesWithBackquotesStayOneIdentifier() {
        TableLayout t = new TableLayout("a`b", List.of("x`; drop table t -- ", "y"), List.of(1), List.of("int", "int"));
        assertEquals("REPLACE INTO `a``b` (`x``; drop table t -- `, `y`) VALUES (?, ?)", t.replaceSql(1));
        assertEquals("DELETE FROM `a``b` WHERE `y` = ?", t.deleteSql());
    }

    @Test
    void theKeyOfARowFollowsPrimaryKeyOrder() {
        TableLayout t = new TableLayout("t", List.of("a", "b", "c"), List.of(2, 0), List.of("int", "int", "int"));
        assertEquals(List.of(3, 1), t.keyOf(new Object[] {1, 2, 3}));
    }

    @Test
    void aLayoutNeedsADataTypePerColumn() {
        assertThrows(IllegalArgumentException.class, () -> new TableLayout("t", List.of("a", "b"), List.of(0), List.of("int")));
    }

    @Test
    void oneReplaceStaysUnderMariadbsPlaceholderLimit() {
        assertEquals(1000, RowWriter.rowsPerReplace(CUSTOMER));
        TableLayout wide = new TableLayout("w", Collections.nCopies(200, "c"), List.of(0), Collections.nCopies(200, "int"));
        assertEquals(300, RowWriter.rowsPerReplace(wide));
        TableLayout huge = new TableLayout("h", Collections.nCopies(70_000, "c"), List.of(0), Collections.nCopies(70_000, "int"));
        assertEquals(1, RowWriter.rowsPerReplace(huge), "a table wider than the limit still writes one row at a time");
    }
}
