package io.shardops.planner.diff;

import static io.shardops.planner.Specs.col;
import static io.shardops.planner.Specs.notNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.spec.schema.TableDef;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaDiffTest {
    private static TableDef t(List<TableDef.Column> cols, List<String> pk, List<TableDef.Index> keys) {
        return new TableDef("orders", cols, pk, keys, "", "");
    }

    @Test
    void spacingInsideATypeIsNotAChange() {
        TableDef declared = t(List.of(notNull("id", "bigint"), col("sku", "varbinary (128)"), col("price", "decimal(10, 2)")), List.of("id"), List.of());
        TableDef live = t(List.of(notNull("id", "bigint"), col("sku", "varbinary(128)"), col("price", "decimal(10,2)")), List.of("id"), List.of());
        assertTrue(SchemaDiff.same(declared, live));
    }

    @Test
    void changedKeysAreDroppedAndAddedAndAChangedPrimaryKeyIsReplaced() {
        TableDef live = t(List.of(notNull("id", "bigint"), col("sku", "varbinary(128)")), List.of("id"),
                List.of(new TableDef.Index("by_sku", false, List.of("sku")), new TableDef.Index("gone", false, List.of("id", "sku"))));
        TableDef want = t(List.of(notNull("id", "bigint"), col("sku", "varbinary(128)")), List.of("id", "sku"),
                List.of(new TableDef.Index("by_sku", true, List.of("sku"))));
        SchemaDiff.Alter a = SchemaDiff.diff(want, live);
        assertEquals("alter table `orders` drop primary key, add primary key(`id`, `sku`), drop key `by_sku`, drop key `gone`, add unique key `by_sku`(`sku`)", a.statement());
        assertFalse(a.destructive(), "keys hold no data of their own");
        assertEquals(List.of("primary_key", "keys.gone", "keys.by_sku"), a.fields().stream().map(f -> f.field()).toList());
    }

    @Test
    void aNewColumnGoesWhereItIsDeclared() {
        TableDef live = t(List.of(notNull("id", "bigint"), col("total", "bigint")), List.of("id"), List.of());
        TableDef want = t(List.of(col("tenant", "int"), notNull("id", "bigint"), col("customer_id", "bigint"), col("total", "bigint")), List.of("id"), List.of());
        assertEquals("alter table `orders` add column `tenant` int first, add column `customer_id` bigint after `id`", SchemaDiff.diff(want, live).statement());
    }

    /** A name that is also SQL, as a live table (or any source other than a validated spec) could carry. */
    private static final String HOSTILE = "note int, drop column description -- ";

    @Test
    void aColumnNamedLikeSqlIsAddedAsOneQuotedIdentifierAndDropsNothing() {
        TableDef live = t(List.of(notNull("id", "bigint"), col("description", "varbinary(128)")), List.of("id"), List.of());
        TableDef want = t(List.of(notNull("id", "bigint"), col("description", "varbinary(128)"), col(HOSTILE, "varbinary(8)")), List.of("id"), List.of());
        SchemaDiff.Alter a = SchemaDiff.diff(want, live);
        assertEquals("alter table `orders` add column `note int, drop column description -- ` varbinary(8) after `description`", a.statement());
        assertEquals(1, a.clauses().size());
        assertFalse(a.destructive(), "adding a column loses nothing, whatever its name says");
        assertEquals(List.of(), a.droppedColumns());
    }

    @Test
    void droppingAColumnNamedLikeSqlQuotesItAndIsDestructive() {
        TableDef live = t(List.of(notNull("id", "bigint"), col(HOSTILE, "varbinary(8)"), col("a`b", "int")), List.of("id"), List.of());
        TableDef want = t(List.of(notNull("id", "bigint")), List.of("id"), List.of());
        SchemaDiff.Alter a = SchemaDiff.diff(want, live);
        assertEquals("alter table `orders` drop column `note int, drop column description -- `, drop column `a``b`", a.statement());
        assertTrue(a.destructive());
        assertEquals(List.of(HOSTILE, "a`b"), a.droppedColumns());
    }

    @Test
    void aCommentIsOneStringLiteral() {
        TableDef live = t(List.of(notNull("id", "bigint")), List.of("id"), List.of());
        TableDef want = new TableDef("orders", live.columns(), live.primaryKey(), List.of(), "it's \\'; drop table orders; -- ", "");
        assertEquals("alter table `orders` comment 'it''s \\\\''; drop table orders; -- '", SchemaDiff.diff(want, live).statement());
    }
}
