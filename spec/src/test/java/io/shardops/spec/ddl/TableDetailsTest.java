package io.shardops.spec.ddl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.spec.SourceLocation;
import io.shardops.spec.schema.TableDef;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the change review reads from a CREATE TABLE beyond columns and keys: character sets, foreign keys, and where each definition starts. */
class TableDetailsTest {
    private static CreateTableParser.Parsed one(String sql) {
        CreateTableParser.Result r = CreateTableParser.parse(sql, (l, c) -> new SourceLocation("t.sql", l, c));
        assertEquals(List.of(), r.problems());
        return r.tables().get(0);
    }

    @Test
    void tableCharsetComesFromCharsetCharacterSetOrCollate() {
        assertEquals("latin1", one("create table t(id int primary key) default charset=latin1").table().charset());
        assertEquals("latin1", one("create table t(id int primary key) engine=InnoDB DEFAULT CHARSET = latin1").table().charset());
        assertEquals("utf8mb3", one("create table t(id int primary key) character set utf8mb3").table().charset());
        assertEquals("latin1", one("create table t(id int primary key) collate latin1_swedish_ci").table().charset());
        assertEquals("", one("create table t(id int primary key)").table().charset());
    }

    @Test
    void columnCharsetComesFromItsDefinition() {
        TableDef t = one("create table t(id int primary key, a varchar(10) character set latin1, b varchar(10) collate utf8mb4_bin, c text)").table();
        assertEquals("latin1", t.column("a").orElseThrow().charset());
        assertEquals("utf8mb4", t.column("b").orElseThrow().charset());
        assertEquals("", t.column("c").orElseThrow().charset());
    }

    @Test
    void foreignKeysKeepTheirColumnsAndTheReferencedTable() {
        TableDef t = one("create table corder(order_id bigint primary key, customer_id bigint,"
                + " constraint fk_c foreign key (customer_id) references `customer`(`customer_id`),"
                + " foreign key (order_id) references other.product(id))").table();
        assertEquals(List.of(new TableDef.ForeignKey(List.of("customer_id"), "customer", List.of("customer_id")),
                new TableDef.ForeignKey(List.of("order_id"), "other.product", List.of("id"))), t.foreignKeys());
        assertTrue(t.indexes().isEmpty(), "a foreign key is not a secondary index here");
    }

    @Test
    void eachColumnAndForeignKeyKnowsWhereItStarts() {
        CreateTableParser.Parsed p = one("\n  create table t(\n    `id` bigint not null, -- the key\n    name varchar(10) default 'a,b',\n"
                + "    /* note, with a comma */ `key` int,\n    primary key (id),\n    constraint f foreign key (name) references u(n)\n  )");
        assertArrayEquals(new int[] {3, 5}, p.columns().get("id"));
        assertArrayEquals(new int[] {4, 5}, p.columns().get("name"));
        assertArrayEquals(new int[] {5, 30}, p.columns().get("key"));
        assertEquals(3, p.columns().size());
        assertEquals(1, p.foreignKeys().size());
        assertArrayEquals(new int[] {7, 5}, p.foreignKeys().get(0));
    }

    @Test
    void positionsOnTheStatementsFirstLineAreOffsetByItsColumn() {
        CreateTableParser.Parsed p = one("create table a(x int primary key);  create table b(y int primary key, z int)");
        CreateTableParser.Parsed b = CreateTableParser.parse("create table a(x int primary key);  create table b(y int primary key, z int)",
                (l, c) -> new SourceLocation("t.sql", l, c)).tables().get(1);
        assertArrayEquals(new int[] {1, 16}, p.columns().get("x"));
        assertArrayEquals(new int[] {1, 52}, b.columns().get("y"));
        assertArrayEquals(new int[] {1, 71}, b.columns().get("z"));
    }
}
