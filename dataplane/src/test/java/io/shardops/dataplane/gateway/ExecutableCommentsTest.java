package io.shardops.dataplane.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExecutableCommentsTest {
    /** Spaces aside: the comment's place keeps a space, so words around it stay apart. */
    static String unwrapped(String sql) {
        return ExecutableComments.unwrap(sql).strip().replaceAll(" +", " ");
    }

    @Test
    void executableCommentsBecomeTheirTextUnlessTheyNameALaterVersion() {
        assertEquals("SET NAMES utf8mb4", unwrapped("/*!40101 SET NAMES utf8mb4 */"));
        assertEquals("SELECT SQL_NO_CACHE * FROM t", unwrapped("SELECT /*!40001 SQL_NO_CACHE */ * FROM t"));
        assertEquals("select 1", unwrapped("/*M!999999 enable the sandbox mode */ select 1"));
        assertEquals("select '/*!40101 x */', `/*!1 y*/` /* plain */",
                ExecutableComments.unwrap("select '/*!40101 x */', `/*!1 y*/` /* plain */"), "quoted text and plain comments stay");
    }

    @Test
    void aFunctionThatIsAWholeSelectItemKeepsItsLabel() {
        assertEquals("select 'ks' AS `database()`", SessionFunctions.replace("select database()", SessionFunctions.DATABASE, "'ks'"));
        assertEquals("select 'ks' AS `DATABASE()`, 1", SessionFunctions.replace("select DATABASE(), 1", SessionFunctions.DATABASE, "'ks'"));
        assertEquals("select 'ks' as d", SessionFunctions.replace("select database() as d", SessionFunctions.DATABASE, "'ks'"));
        assertEquals("select 3 AS `row_count()`, 0 AS `@@warning_count`",
                SessionFunctions.answerCounts("select row_count(), @@warning_count", 3, 0));
    }

    @Test
    void sessionFunctionsInsideStringsOrCommentsAreDataNotCalls() {
        assertEquals("insert into notes values ('see row_count() and database()', 3) /* row_count() */",
                SessionFunctions.answerCounts("insert into notes values ('see row_count() and database()', row_count()) /* row_count() */", 3, 0));
        assertEquals("select \"database()\", `last_insert_id()`, 'ks' AS `database()` -- database()\n",
                SessionFunctions.replace("select \"database()\", `last_insert_id()`, database() -- database()\n", SessionFunctions.DATABASE, "'ks'"));
        // an executable comment's text is code, as MariaDB reads it
        assertEquals("/*!40101 select 'ks' */", SessionFunctions.replace("/*!40101 select database() */", SessionFunctions.DATABASE, "'ks'"));
        assertEquals("select 'it''s database()', 'ks' AS `database()`", SessionFunctions.replace("select 'it''s database()', database()", SessionFunctions.DATABASE, "'ks'"));
    }

    @Test
    void lastInsertIdGoesInAsTheSessionsValue() {
        assertEquals("insert into corder(customer_id, sku) values (1002, 'last_insert_id()')",
                SessionFunctions.answerLastInsertId("insert into corder(customer_id, sku) values (LAST_INSERT_ID(), 'last_insert_id()')", 1002));
        assertEquals("select * from corder where customer_id = 18446744073709551615",
                SessionFunctions.answerLastInsertId("select * from corder where customer_id = last_insert_id ( )", -1));
        // with an argument it sets the value: left to the server
        assertEquals("select last_insert_id(5)", SessionFunctions.answerLastInsertId("select last_insert_id(5)", 7));
    }
}
