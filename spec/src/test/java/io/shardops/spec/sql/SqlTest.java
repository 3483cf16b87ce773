package io.shardops.spec.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SqlTest {
    @Test
    void aBackquoteInsideANameStaysInsideTheIdentifier() {
        assertEquals("`note int, drop column x -- `", Sql.identifier("note int, drop column x -- "));
        assertEquals("`a``; drop table t; -- `", Sql.identifier("a`; drop table t; -- "));
        assertEquals("`commerce`.`corder`", Sql.qualified("commerce", "corder"));
    }

    @Test
    void emptyOrNulNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Sql.identifier(""));
        assertThrows(IllegalArgumentException.class, () -> Sql.identifier("a\0b"));
    }

    @Test
    void aQuoteInsideAValueIsDoubledSoTheLiteralEndsWhereItShould() {
        assertEquals("'it''s'", Sql.literal("it's"));
        assertEquals("'a\\\\'' or 1=1 -- '", Sql.literal("a\\' or 1=1 -- "));
        assertEquals("'\\0\\n\\r\\Z'", Sql.literal("\0\n\r\u001a"));
        assertEquals("NULL", Sql.literal((String) null));
    }

    @Test
    void bytesThatAreNotUtf8GoAsHex() {
        assertEquals("'héllo'", Sql.literal("héllo".getBytes(StandardCharsets.UTF_8)));
        assertEquals("X'ff00'", Sql.literal(new byte[] {(byte) 0xff, 0}));
    }
}
