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
}
