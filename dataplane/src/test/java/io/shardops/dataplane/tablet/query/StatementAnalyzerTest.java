package io.shardops.dataplane.tablet.query;

import io.shardops.dataplane.mysql.SqlLexer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementAnalyzerTest {
    private final StatementAnalyzer analyzer = new StatementAnalyzer();

    private List<String> tables(String sql) {
        return analyzer.analyze(sql).tables().stream().map(t -> t.schema() == null ? t.name() : t.schema() + "." + t.name()).sorted().toList();
    }

    @Test
    void literalsAreReplacedSoStatementsDifferingInValuesShareAShape() {
        assertEquals("select * from t where id = ? and name = ? and x in (?, ?)",
                SqlLexer.lex("select * from t where id = 42 and name = 'it''s' and x in (1.5e3, 0x1F)").normalized());
        assertEquals(SqlLexer.lex("SELECT c FROM sbtest1 WHERE id=17").normalized(), SqlLexer.lex("SELECT c FROM sbtest1 WHERE id=99").normalized());
    }

    @Test
    void identifiersWithDigitsAndQuotedNamesSurviveNormalisation() {
        assertEquals("select c1 from `t 2` join t3", SqlLexer.lex("select c1 from `t 2` join t3").normalized());
    }

    @Test
    void keywordsInsideStringsAndCommentsDoNotCount() {
        SqlLexer.Lexed l = SqlLexer.lex("select 'from customer' /* from x */ -- from y\n");
        assertFalse(l.namesTables());
        assertEquals("SELECT", l.firstKeyword());
        assertTrue(SqlLexer.lex("/* hint */ select * from customer").namesTables());
    }

    @Test
    void statementsWithoutTablesTakeTheFastPath() {
        for (String sql : List.of("select @@version_comment limit 1", "set names utf8mb4", "begin", "commit", "select 1", "use commerce")) {
            StatementAnalyzer.Lookup l = analyzer.lookup(sql);
            assertTrue(l.info().isPresent(), sql);
            assertEquals(List.of(), l.info().get().tables(), sql);
        }
    }

    @Test
    void tablesAreFoundInEveryKindOfStatement() {
        assertEquals(List.of("customer"), tables("select * from customer where customer_id = 1"));
        assertEquals(List.of("corder", "customer"), tables("select c.email, o.price from customer c join corder o on c.customer_id = o.customer_id"));
        assertEquals(List.of("commerce.customer", "information_schema.tables", "product"),
                tables("select c.id from commerce.customer c, information_schema.tables t where c.id in (select id from product)"));
        assertEquals(List.of("customer"), tables("select * from `Customer`"));
        assertEquals(List.of("corder"), tables("insert into corder(customer_id, sku, price) values (1, 'SKU-1001', 100)"));
        assertEquals(List.of("customer"), tables("update customer set email = 'x' where customer_id = 2"));
        assertEquals(List.of("customer"), tables("delete from customer where customer_id = 2"));
        assertEquals(List.of("product", "t"), tables("insert into t select * from product"));
    }

    @Test
    void cteNamesAreNotTables() {
        assertEquals(List.of("corder", "customer"), tables("with x as (select * from corder) select * from x join customer on 1=1"));
    }

    @Test
    void unparseableStatementsFallBackToAKeywordScan() {
        StatementInfo info = analyzer.analyze("select a from customer where id = 1 lock in share mode");
        assertFalse(info.parsed());
        assertEquals(List.of("customer_seq"), tables("select next 1 values from customer_seq"));
        assertEquals(List.of("customer"), tables("select a from customer where id = 1 lock in share mode"));
    }

    @Test
    void kindsFollowTheLeadingKeyword() {
        assertEquals(StatementKind.READ, analyzer.analyze("select * from t").kind());
        assertEquals(StatementKind.WRITE, analyzer.analyze("replace into t values (1)").kind());
        assertEquals(StatementKind.DDL, analyzer.analyze("create table t (id int)").kind());
        assertEquals(StatementKind.DDL, analyzer.analyze("drop table customer").kind());
        assertEquals(StatementKind.SESSION, analyzer.analyze("start transaction").kind());
        assertEquals(StatementKind.WRITE, analyzer.analyze("frobnicate the table").kind(), "unknown statements count as writes");
    }
}
