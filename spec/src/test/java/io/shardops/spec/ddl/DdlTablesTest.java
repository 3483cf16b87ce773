package io.shardops.spec.ddl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DdlTablesTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "create table customer(id bigint) | CREATE | customer",
        "CREATE TABLE IF NOT EXISTS `customer` (id bigint) | CREATE | customer",
        "create table `odd name`(id bigint) | CREATE | odd name",
        "create table \"quoted\"(id bigint) | CREATE | quoted",
        "create table commerce.product(sku varbinary(128)) | CREATE | product",
        "create table `commerce`.`product` (sku varbinary(128)) | CREATE | product",
        "  /* leading comment */ create table t(a int) | CREATE | t",
        "alter table `corder` add column `x` bigint first, drop primary key, comment 'a(b' | ALTER | corder",
        "ALTER ONLINE TABLE customer ALGORITHM=INSTANT, LOCK=NONE, modify column email varbinary(256) | ALTER | customer",
        "alter table shop.`order` drop column price | ALTER | order",
        "drop table corder | DROP | corder",
        "DROP TABLE IF EXISTS `corder` | DROP | corder",
        "drop table `$weird_1`; | DROP | $weird_1",
    })
    void namesTheTableAsWrittenUnquoted(String sql, String verb, String table) {
        DdlTables.Target t = DdlTables.of(sql).orElseThrow();
        assertEquals(DdlTables.Verb.valueOf(verb), t.verb());
        assertEquals(table, t.table());
    }

    @Test
    void aQualifiedNameKeepsItsDatabase() {
        assertEquals(List.of(new DdlTables.Name("commerce", "product")), DdlTables.of("alter table `commerce`.product add key k(a)").orElseThrow().tables());
    }

    @Test
    void dropNamesEveryTable() {
        assertEquals(List.of(new DdlTables.Name("", "a"), new DdlTables.Name("ks", "b"), new DdlTables.Name("", "c d")),
                DdlTables.of("drop table if exists a, ks.b, `c d`").orElseThrow().tables());
    }

    @Test
    void otherStatementsNameNoTable() {
        assertEquals(Optional.empty(), DdlTables.of("select * from t"));
        assertEquals(Optional.empty(), DdlTables.of("create database d"));
        assertEquals(Optional.empty(), DdlTables.of("drop view v"));
        assertEquals(Optional.empty(), DdlTables.of(""));
        assertEquals(Optional.empty(), DdlTables.of("create table"));
    }
}
