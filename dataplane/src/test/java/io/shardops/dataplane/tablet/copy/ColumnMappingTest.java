package io.shardops.dataplane.tablet.copy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnMappingTest {
    /** customer(customer_id pk, email, visits int, legacy). */
    static final TableLayout OLD = new TableLayout("customer", List.of("customer_id", "email", "visits", "legacy"), List.of(0),
            List.of("bigint", "varbinary", "int", "int"));
    /** The shadow: legacy dropped, visits retyped, note added (between them, and in another case). */
    static final TableLayout NEW = new TableLayout("_customer_osc_new", List.of("customer_id", "EMAIL", "note", "visits"), List.of(0),
            List.of("bigint", "varbinary", "varchar", "bigint"));

    @Test
    void sharedColumnsAreCarriedByNameInTheSourceOrderAndTheRestLeftOut() {
        ColumnMapping m = ColumnMapping.between(OLD, NEW);
        assertEquals(List.of("customer_id", "email", "visits"), m.write().columns(), "dropped legacy is not carried, added note takes its default");
        assertEquals("_customer_osc_new", m.write().name());
        assertEquals("customer", m.read().name(), "the copy selects from the source table");
        assertEquals(List.of("bigint", "varbinary", "int"), m.read().dataTypes(), "values are encoded as the source has them; MariaDB converts");
        assertArrayEquals(new Object[] {7L, "a@x", 3}, m.project(new Object[] {7L, "a@x", 3, 99}));
        assertEquals(List.of(0), m.write().primaryKey());
        assertTrue(m.write().replaceSql(1).startsWith("REPLACE INTO `_customer_osc_new` (`customer_id`, `email`, `visits`)"), m.write().replaceSql(1));
    }

    @Test
    void theIdentityCarriesTheRowItself() {
        ColumnMapping m = ColumnMapping.identity(OLD);
        Object[] row = {1L, "b", 2, 3};
        assertSame(row, m.project(row));
        assertSame(OLD, m.write());
    }

    @Test
    void aPrimaryKeyTheSourceCannotGiveIsRefused() {
        TableLayout newKey = new TableLayout("_t_osc_new", List.of("customer_id", "region"), List.of(0, 1), List.of("bigint", "int"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ColumnMapping.between(OLD, newKey));
        assertTrue(e.getMessage().contains("region"), e.getMessage());
    }

    @Test
    void theKeyMovesWithTheColumnsWhenTheTargetOrdersThemDifferently() {
        TableLayout twoKey = new TableLayout("t", List.of("a", "b", "c"), List.of(0, 1), List.of("int", "int", "int"));
        TableLayout reordered = new TableLayout("_t_osc_new", List.of("c", "b", "a"), List.of(2, 1), List.of("int", "int", "int"));
        ColumnMapping m = ColumnMapping.between(twoKey, reordered);
        assertEquals(List.of("a", "b", "c"), m.write().columns());
        assertEquals(List.of(0, 1), m.write().primaryKey(), "the target's key (a, b), in the carried columns' order");
        assertEquals(List.of(1, 2), m.write().keyOf(new Object[] {1, 2, 3}));
    }
}
