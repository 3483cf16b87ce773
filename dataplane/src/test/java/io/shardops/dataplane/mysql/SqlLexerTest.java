package io.shardops.dataplane.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlLexerTest {

    @Test
    void aShapeTakesOutEveryNumberAndStringInOrder() {
        SqlLexer.Shape s = SqlLexer.shape("insert into t1(id, c, pad) values (17, 'it''s', \"y\\\"z\") /* 99 */ -- 5\n");
        assertEquals("insert into t1(id, c, pad) values (?, ?, ?)", s.normalized());
        assertEquals(List.of("17", "'it''s'", "\"y\\\"z\""), s.literals());
        assertEquals(SqlLexer.shape("select * from t where id = 1.5e3 and k = 0x1F").normalized(),
                SqlLexer.shape("select * from t where id = 2 and k = 7").normalized());
        assertEquals(List.of("-", "5"), List.of(SqlLexer.shape("select * from t where id = -5").normalized().substring(27, 28),
                SqlLexer.shape("select * from t where id = -5").literals().get(0)), "a sign stays in the text, outside the literal");
        assertEquals(List.of(), SqlLexer.shape("select `a'b` from `t 1`").literals(), "quoted identifiers are not values");
    }

    @Test
    void literalsThatCannotStandAloneGiveNoShape() {
        assertNull(SqlLexer.shape("select * from t where c = _utf8mb4'a'"), "an introducer is part of the value");
        assertNull(SqlLexer.shape("select * from t where c = x'1f'"));
        assertNull(SqlLexer.shape("select * from t where c = N'a'"));
        assertNull(SqlLexer.shape("select * from t where c = ?"), "a ? already there would shift every parameter after it");
        assertEquals(List.of("'?'"), SqlLexer.shape("select * from t where c = '?'").literals());
    }

    @Test
    void executableCommentsAreLexedAsTheSqlTheServerRuns() {
        SqlLexer.Lexed l = SqlLexer.lex("/*!50000 insert into customer values (9, 'x') */");
        assertEquals("INSERT", l.firstKeyword());
        assertEquals(true, l.namesTables());
        assertEquals("insert into customer values (?, ?)", l.normalized());
        assertEquals("DELETE", SqlLexer.lex("/*M!100500 delete from customer */").firstKeyword());
        assertEquals("DELETE", SqlLexer.lex("/*!delete from customer*/").firstKeyword());
        assertEquals("SELECT", SqlLexer.lex("/* delete from customer */ select 1").firstKeyword(), "an ordinary comment is not SQL");
        assertEquals("select ?  ,(select count(*) from customer)", SqlLexer.lex("select 1 /*!,(select count(*) from customer)*/").normalized());
    }

    @Test
    void aSecondStatementAfterASemicolonIsNoticed() {
        assertEquals(true, SqlLexer.lex("select 1; delete from customer").multiStatement());
        assertEquals(false, SqlLexer.lex("select 1;").multiStatement());
        assertEquals(false, SqlLexer.lex("select ';delete' from t").multiStatement());
        assertEquals(List.of("select ?", "delete from `a;b`"), SqlLexer.splitNormalized(SqlLexer.lex("select 1; delete from `a;b`;").normalized()));
    }

    @Test
    void calledNamesAreFoundInEveryForm() {
        assertEquals(List.of("f", "g", "h", "count"), SqlLexer.lex("select f(1), db.g (2), `h`/* c */(3), count(*) from t").calledNames());
        assertEquals(List.of(), SqlLexer.lex("select 'f(1)' from t").calledNames());
    }

    @Test
    void stringsWhoseEndDependsOnTheSqlModeAreNoticed() {
        assertEquals(true, SqlLexer.lex("select 'a\\'b'").readingDependsOnMode());
        assertEquals(true, SqlLexer.lex("select \"a\"").readingDependsOnMode());
        assertEquals(false, SqlLexer.lex("select 'it''s'").readingDependsOnMode());
    }
}
