package io.shardops.spec.ddl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.spec.Sequence;
import io.shardops.spec.SourceLocation;
import io.shardops.spec.schema.TableDef;
import java.util.List;
import org.junit.jupiter.api.Test;

class CreateTableParserTest {
    private static CreateTableParser.Result parse(String sql) {
        return CreateTableParser.parse(sql, (line, col) -> new SourceLocation("s.sql", line, col));
    }

    @Test
    void columnsKeysAndCommentAreNormalisedAsMysqlPrintsThem() {
        CreateTableParser.Result r = parse("""
                -- a comment; with a semicolon
                CREATE TABLE `Orders` (
                  `id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
                  email VARCHAR( 255 ) DEFAULT 'x;y',
                  price DECIMAL(10, 2),
                  PRIMARY KEY (`id`),
                  UNIQUE KEY email_idx (email),
                  KEY price_idx (price)
                ) ENGINE=InnoDB COMMENT 'orders';
                create table t2(a int primary key);
                """);
        assertEquals(List.of(), r.problems());
        TableDef t = r.tables().get(0).table();
        assertEquals("orders", t.name());
        assertEquals(new TableDef.Column("id", "bigint unsigned", true, true, null), t.columns().get(0));
        assertEquals(new TableDef.Column("email", "varchar(255)", false, false, "'x;y'"), t.columns().get(1));
        assertEquals("decimal(10,2)", t.columns().get(2).type());
        assertEquals(List.of("id"), t.primaryKey());
        assertEquals(List.of(new TableDef.Index("email_idx", true, List.of("email")), new TableDef.Index("price_idx", false, List.of("price"))), t.indexes());
        assertEquals("orders", t.comment());
        assertEquals(2, r.tables().get(0).line());
        TableDef t2 = r.tables().get(1).table();
        assertEquals(List.of("a"), t2.primaryKey());
        assertTrue(t2.column("a").orElseThrow().notNull(), "primary key columns are NOT NULL, as MySQL shows them");
        assertEquals(10, r.tables().get(1).line());
    }

    @Test
    void aSequenceTableIsRecognisedByItsComment() {
        CreateTableParser.Result r = parse(new Sequence("customer_seq", 1000, 100).createTableSql());
        assertTrue(r.tables().get(0).table().isSequence());
    }

    @Test
    void aParseErrorPointsAtTheTokenInTheFile() {
        CreateTableParser.Result r = parse("create table a(x int);\n\ncreate table b(\n  y int,,\n  z int);\n");
        assertEquals(1, r.tables().size());
        assertEquals("s.sql:4:9: error: SQL does not parse near ','", r.problems().get(0).render().lines().findFirst().orElseThrow());
    }

    /** Typos the SQL parser lets through but MariaDB refuses are errors at the column, so nothing is applied. */
    @Test
    void misspeltColumnWordsAreErrors() {
        record Case(String sql, String code, String word) {}
        for (Case c : List.of(
                new Case("create table t(id bigint not nul, primary key(id));", "sql.unknown-word", "'nul'"),
                new Case("create table t(id bigint defualt 0, primary key(id));", "sql.unknown-word", "'defualt'"),
                new Case("create table t(id bigint auto_incremnt, primary key(id));", "sql.unknown-word", "'auto_incremnt'"),
                new Case("create table t(id bigint,\n  name varchr(64), primary key(id));", "sql.unknown-type", "'varchr'"))) {
            CreateTableParser.Result r = parse(c.sql());
            assertEquals(0, r.tables().size(), c.sql());
            assertEquals(1, r.problems().size(), c.sql());
            assertEquals(c.code(), r.problems().get(0).code(), c.sql());
            assertTrue(r.problems().get(0).message().contains(c.word()), r.problems().get(0).message());
        }
        // the column's own position: line 2, column 3
        CreateTableParser.Result r = parse("create table t(id bigint,\n  name varchr(64), primary key(id));");
        assertEquals(2, r.problems().get(0).location().line());
        assertEquals(3, r.problems().get(0).location().column());
    }

    /** Valid column definitions with values, expressions and MariaDB extras pass. */
    @Test
    void validColumnWordsPass() {
        CreateTableParser.Result r = parse("""
                create table t(
                  id bigint unsigned not null auto_increment comment 'the id',
                  name varchar(64) character set utf8mb4 collate utf8mb4_bin default 'x' not null,
                  d double precision default 1.5,
                  c char(3) charset ascii default null,
                  created datetime(6) not null default current_timestamp(6) on update current_timestamp(6),
                  ts timestamp null default null,
                  amount decimal(20,6) default 0 check (amount >= 0),
                  total decimal(20,6) as (amount * 2) virtual,
                  flags set('a','b') default 'a',
                  kind enum('x','y') not null default 'x',
                  doc json,
                  b bit(8) default b'0',
                  primary key(id)
                ) engine=InnoDB default charset=utf8mb4;
                """);
        assertEquals(List.of(), r.problems());
        assertEquals(1, r.tables().size());
    }
}
