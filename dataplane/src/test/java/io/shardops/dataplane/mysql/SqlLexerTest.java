package io.shardops.dataplane.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    private static List<String> texts(String sql) {
        return SqlLexer.split(sql).texts();
    }

    @Test
    void textIsCutIntoStatementsAtEachSemicolonOutsideStringsNamesAndComments() {
        assertEquals(List.of("insert into t values (1)", "select * from t"), texts("insert into t values (1); select * from t"));
        assertEquals(List.of("select ';'", "select `a;b`", "select \"x;\\\";\"", "select 1 /* ; */ -- ;\n+ 1 # ;", "select 'it''s;'"),
                texts("select ';'; select `a;b`;select \"x;\\\";\";\n select 1 /* ; */ -- ;\n+ 1 # ;\n;select 'it''s;'"));
        assertEquals(List.of("select 1"), texts("select 1;"), "a ; at the end ends the one statement");
        assertTrue(SqlLexer.split("select 1;; \n ;").single(), "as MariaDB: ;s and blanks at the end are dropped");
        assertTrue(SqlLexer.split("select 1").single());
        assertEquals(List.of("/*!40101 set @a = 1*/", "select @a"), texts("/*!40101 set @a = 1*/; select @a"));
        assertEquals(List.of("/*!40101 set @a = 1", "*/ select @a"), texts("/*!40101 set @a = 1; */ select @a"),
                "an executable comment's SQL is read as SQL");
        assertEquals(List.of("select 1 --", "x"), texts("select 1 --; x"), "-- without a blank after it is not a comment");
    }

    @Test
    void aStoredProgramsBodyKeepsItsSemicolons() {
        String proc = "create definer=`root`@`%` procedure p(in x int) begin declare y int; if x > 0 then set y = case x when 1 then 2"
                + " else 3 end; end if; loop_a: loop leave loop_a; end loop; case y when 2 then select 2; else select 3; end case;"
                + " begin select 4; end; end";
        assertEquals(List.of(proc, "call p(1)"), texts(proc + "; call p(1)"));
        String trigger = "/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER t BEFORE INSERT ON c FOR EACH ROW"
                + " BEGIN SET NEW.a = 1; SET NEW.b = 2; END */";
        assertEquals(List.of(trigger, "select 1"), texts(trigger + ";select 1"), "as mysqldump writes a trigger");
        assertEquals(List.of("begin not atomic select 1; select 2; end", "select 3"), texts("begin not atomic select 1; select 2; end; select 3"));
        assertEquals(List.of("begin", "insert into t values (1)", "commit"), texts("begin; insert into t values (1); commit"),
                "BEGIN alone starts a transaction");
        assertEquals(List.of("create trigger t before insert on c for each row set new.a = 1", "select 1"),
                texts("create trigger t before insert on c for each row set new.a = 1; select 1"), "a body without BEGIN ends at its ;");
        assertEquals(List.of("create table function_log (end int)", "select 1"), texts("create table function_log (end int); select 1"));
    }

    @Test
    void whatFollowsTheLastStatementIsReadAsMariaDbReadsIt() {
        SqlLexer.Statements comments = SqlLexer.split("select 1; -- x");
        assertEquals(List.of("select 1", "-- x"), comments.texts());
        assertEquals(List.of(0, -1), comments.firstTokens(), "only comments: answered as an empty statement");
        assertEquals(-1, comments.beyondFirst(), "with multi-statements off, comments after the ; are no statement");
        SqlLexer.Statements stray = SqlLexer.split("select 1; ;select 2");
        assertEquals(List.of("select 1"), stray.texts());
        assertEquals(10, stray.strayAt());
        assertEquals(10, stray.beyondFirst());
        assertEquals(-1, SqlLexer.split("select 1; /*!999999 set @a = 1 */").firstTokens().get(1), "a later version's comment is a comment");
        assertEquals(-1, SqlLexer.split("select 1; /*!80000 set @a = 1 */").firstTokens().get(1), "MariaDB skips MySQL 5.7+ comments");
        assertEquals(20, SqlLexer.split("select 1; /*M!80000 set @a = 1 */").beyondFirst(), "but runs its own");
        assertEquals("set @a = 1 */".length(), "select 1; /*!40101 set @a = 1 */".length() - SqlLexer.split("select 1; /*!40101 set @a = 1 */").beyondFirst());
        assertEquals(List.of(), SqlLexer.split("-- x\n; select 1").texts());
        assertEquals(5, SqlLexer.split("-- x\n; select 1").strayAt());
    }

    @Test
    void theSyntaxErrorIsMariaDbs() {
        assertEquals("You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the"
                + " right syntax to use near 'select 2' at line 1", MultiStatements.syntaxError("select 1; select 2", 10).message());
        assertEquals(MysqlError.ER_PARSE_ERROR, MultiStatements.syntaxError("select 1; select 2", 10).code());
        assertEquals("42000", MultiStatements.syntaxError("select 1; select 2", 10).sqlState());
        String longer = "select 2 from dual where 1=1 and 2=2 and 3=3 and 4=4 and 5=5 and 6=6 and 7=7 and 8=8 and 9=9 and 10=10";
        assertTrue(MultiStatements.syntaxError("select 1;\n\n  " + longer, 13).message().endsWith(
                "near 'select 2 from dual where 1=1 and 2=2 and 3=3 and 4=4 and 5=5 and 6=6 and 7=7 ...' at line 3"), "80 bytes at most");
        String utf8 = StatementText.ofUnicode("select 1; select 'é'");
        assertTrue(MultiStatements.syntaxError(utf8, 10).message().endsWith("near 'select 'é'' at line 1"), "quoted as the UTF-8 it is");
    }
}
