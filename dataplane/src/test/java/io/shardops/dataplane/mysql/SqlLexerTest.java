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
}
