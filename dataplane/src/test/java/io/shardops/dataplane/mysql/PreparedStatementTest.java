package io.shardops.dataplane.mysql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/**
 * COM_STMT_EXECUTE parameters, read from the bytes after the statement id: flags, iteration count, NULL bitmap,
 * new-params-bound flag, types, values.
 */
class PreparedStatementTest {
    /** One parameter of {@code type} (with the unsigned flag when asked) and its value bytes. */
    static String one(int type, boolean unsigned, String valueHex) {
        PreparedStatement ps = new PreparedStatement(1, "select ?");
        Buffer exec = Hex.bytes("00 01 00 00 00 | 00 | 01").appendUnsignedShortLE(type | (unsigned ? 0x8000 : 0))
                .appendBuffer(Hex.bytes(valueHex));
        PayloadReader r = new PayloadReader(exec);
        String literal = ps.literals(r)[0];
        assertFalse(r.hasRemaining(), "the value's bytes and no more are read");
        return literal;
    }

    @Test
    void theDocumentedExecuteBindsItsStringParameter() {
        // 17 | 01 00 00 00 stmt id | 00 flags | 01 00 00 00 iterations | 00 null bitmap | 01 new params bound | 0f 00 VARCHAR | 03 66 6f 6f
        Buffer afterStatementId = Hex.bytes("00 01 00 00 00 00 01 0f 00 03 66 6f 6f");
        assertEquals("select 'foo'", new PreparedStatement(1, "select ?").bind(new PayloadReader(afterStatementId)));
    }

    @Test
    void integersSignedAndUnsigned() {
        assertEquals("-1", one(ColumnType.MYSQL_TYPE_TINY, false, "ff"));
        assertEquals("255", one(ColumnType.MYSQL_TYPE_TINY, true, "ff"));
        assertEquals("-32768", one(ColumnType.MYSQL_TYPE_SHORT, false, "00 80"));
        assertEquals("32768", one(ColumnType.MYSQL_TYPE_SHORT, true, "00 80"));
        assertEquals("2024", one(ColumnType.MYSQL_TYPE_YEAR, false, "e8 07"));
        assertEquals("1", one(ColumnType.MYSQL_TYPE_LONG, false, "01 00 00 00"));
        assertEquals("-1", one(ColumnType.MYSQL_TYPE_INT24, false, "ff ff ff ff"));
        assertEquals("4294967295", one(ColumnType.MYSQL_TYPE_LONG, true, "ff ff ff ff"));
        assertEquals("1", one(ColumnType.MYSQL_TYPE_LONGLONG, false, "01 00 00 00 00 00 00 00"));
        assertEquals("-9223372036854775808", one(ColumnType.MYSQL_TYPE_LONGLONG, false, "00 00 00 00 00 00 00 80"));
        assertEquals("18446744073709551615", one(ColumnType.MYSQL_TYPE_LONGLONG, true, "ff ff ff ff ff ff ff ff"));
    }

    @Test
    void floatAndDoubleFromTheDocumentation() {
        assertEquals("10.2", one(ColumnType.MYSQL_TYPE_DOUBLE, false, "66 66 66 66 66 66 24 40"));
        assertEquals("10.2", one(ColumnType.MYSQL_TYPE_FLOAT, false, "33 33 23 41"));
        assertEquals("-0.5", one(ColumnType.MYSQL_TYPE_DOUBLE, false, "00 00 00 00 00 00 e0 bf"));
        assertEquals("1.0E20", one(ColumnType.MYSQL_TYPE_DOUBLE, false, toHexLe(Double.doubleToLongBits(1e20))),
                "exponent notation is a number to MySQL too");
    }

    @Test
    void aDoubleThatIsNotANumberIsRefusedRatherThanSentAsAName() {
        // NaN or Infinity written into the statement would be read by MySQL as a column name
        for (double d : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            String hex = toHexLe(Double.doubleToRawLongBits(d));
            assertThrows(MalformedPacketException.class, () -> one(ColumnType.MYSQL_TYPE_DOUBLE, false, hex), Double.toString(d));
        }
        assertThrows(MalformedPacketException.class, () -> one(ColumnType.MYSQL_TYPE_FLOAT, false, "00 00 c0 7f"));
    }

    static String toHexLe(long bits) {
        return Hex.of(Buffer.buffer().appendLongLE(bits));
    }

    @Test
    void temporalValuesFromTheDocumentation() {
        assertEquals("'2010-10-17 19:27:30.000001'", one(ColumnType.MYSQL_TYPE_DATETIME, false, "0b da 07 0a 11 13 1b 1e 01 00 00 00"));
        assertEquals("'2010-10-17 19:27:30.000000'", one(ColumnType.MYSQL_TYPE_TIMESTAMP, false, "07 da 07 0a 11 13 1b 1e"));
        assertEquals("'2010-10-17 00:00:00.000000'", one(ColumnType.MYSQL_TYPE_DATE, false, "04 da 07 0a 11"));
        assertEquals("'0000-00-00 00:00:00'", one(ColumnType.MYSQL_TYPE_DATE, false, "00"));
        assertEquals("'-2899:27:30.000001'", one(ColumnType.MYSQL_TYPE_TIME, false, "0c 01 78 00 00 00 13 1b 1e 01 00 00 00"));
        assertEquals("'-2899:27:30.000000'", one(ColumnType.MYSQL_TYPE_TIME, false, "08 01 78 00 00 00 13 1b 1e"));
        assertEquals("'00:00:00'", one(ColumnType.MYSQL_TYPE_TIME, false, "00"));
    }

    @Test
    void temporalValuesOfAnUndocumentedLengthAreMalformed() {
        assertThrows(MalformedPacketException.class, () -> one(ColumnType.MYSQL_TYPE_DATETIME, false, "05 da 07 0a 11 13"));
        assertThrows(MalformedPacketException.class, () -> one(ColumnType.MYSQL_TYPE_TIME, false, "05 00 00 00 00 00"));
    }

    @Test
    void stringsAreQuotedAndBytesThatAreNotUtf8GoAsHex() {
        assertEquals("'it\\'s'", one(ColumnType.MYSQL_TYPE_VAR_STRING, false, "04 69 74 27 73"));
        assertEquals("X'ff00'", one(ColumnType.MYSQL_TYPE_BLOB, false, "02 ff 00"));
        assertEquals("''", one(ColumnType.MYSQL_TYPE_STRING, false, "00"));
    }

    @Test
    void decimalsPassOnlyWhenTheyAreNumbers() {
        assertEquals("1.50", one(ColumnType.MYSQL_TYPE_NEWDECIMAL, false, "04 31 2e 35 30"));
        assertEquals("-2e5", one(ColumnType.MYSQL_TYPE_DECIMAL, false, "04 2d 32 65 35"));
        // "1 or 1=1" must not reach the statement text unquoted
        assertThrows(MalformedPacketException.class, () -> one(ColumnType.MYSQL_TYPE_NEWDECIMAL, false, "08 31 20 6f 72 20 31 3d 31"));
        assertThrows(MalformedPacketException.class, () -> one(ColumnType.MYSQL_TYPE_NEWDECIMAL, false, "00"));
    }

    @Test
    void theNullBitmapCountsFromBitZeroAndSpansBytes() {
        PreparedStatement ps = new PreparedStatement(1, "select ?, ?, ?, ?, ?, ?, ?, ?, ?");
        Buffer exec = Hex.bytes("00 01 00 00 00 | 02 01 | 01");  // parameters 1 and 8 are NULL
        for (int i = 0; i < 9; i++) {
            exec.appendUnsignedShortLE(ColumnType.MYSQL_TYPE_TINY);
        }
        exec.appendBuffer(Hex.bytes("00 02 03 04 05 06 07"));
        PayloadReader r = new PayloadReader(exec);
        assertEquals("select 0, NULL, 2, 3, 4, 5, 6, 7, NULL", ps.bind(r));
        assertFalse(r.hasRemaining(), "a NULL parameter has no value bytes");
    }

    @Test
    void typesSentOnceServeTheNextExecutions() {
        PreparedStatement ps = new PreparedStatement(1, "select ?");
        assertEquals("select 7", ps.bind(new PayloadReader(Hex.bytes("00 01 00 00 00 00 01 08 00 07 00 00 00 00 00 00 00"))));
        assertEquals("select 8", ps.bind(new PayloadReader(Hex.bytes("00 01 00 00 00 00 00 08 00 00 00 00 00 00 00"))),
                "new-params-bound 0: the LONGLONG type bound before");
    }

    @Test
    void aFirstExecutionWithoutTypesPassesOnlyWhenEveryParameterIsNull() {
        assertEquals("select NULL, NULL",
                new PreparedStatement(1, "select ?, ?").bind(new PayloadReader(Hex.bytes("00 01 00 00 00 03 00"))));
        MalformedPacketException e = assertThrows(MalformedPacketException.class,
                () -> new PreparedStatement(1, "select ?, ?").bind(new PayloadReader(Hex.bytes("00 01 00 00 00 01 00 05"))));
        assertEquals("COM_STMT_EXECUTE without parameter types", e.getMessage());
    }

    @Test
    void longDataReplacesTheValueAndIsForgottenAfterTheExecution() {
        PreparedStatement ps = new PreparedStatement(1, "insert into t values (?, ?)");
        ps.appendLongData(1, Buffer.buffer("ab"));
        ps.appendLongData(1, Buffer.buffer("c'd"));
        assertTrue(ps.hasLongData());
        // types LONGLONG and BLOB; only the first value is in the packet
        Buffer exec = Hex.bytes("00 01 00 00 00 00 01 08 00 fc 00 05 00 00 00 00 00 00 00");
        assertEquals("insert into t values (5, 'abc\\'d')", ps.bind(new PayloadReader(exec)));
        assertFalse(ps.hasLongData());
        assertThrows(MalformedPacketException.class, () -> ps.appendLongData(2, Buffer.buffer("x")));
        assertThrows(MalformedPacketException.class, () -> ps.appendLongData(-1, Buffer.buffer("x")));
    }

    @Test
    void forwardedParametersAlwaysCarryTheirTypes() {
        PreparedStatement ps = new PreparedStatement(1, "select ?");
        Buffer first = ps.executeParams(new PayloadReader(Hex.bytes("00 01 00 00 00 00 01 03 00 2a 00 00 00")));
        assertEquals("00 01 00 00 00 00 01 03 00 2a 00 00 00", Hex.of(first));
        Buffer second = ps.executeParams(new PayloadReader(Hex.bytes("00 01 00 00 00 00 00 2b 00 00 00")));
        assertEquals("00 01 00 00 00 00 01 03 00 2b 00 00 00", Hex.of(second),
                "the backend statement may have been bound by another client since: the types go again");
        Buffer cursor = new PreparedStatement(2, "select ?").executeParams(new PayloadReader(Hex.bytes("01 01 00 00 00 00 01 01 00 05")));
        assertEquals("00 01 00 00 00 00 01 01 00 05", Hex.of(cursor), "no cursor is asked of the backend");
    }

    @Test
    void aStatementWithoutParametersReadsNothingMore() {
        PreparedStatement ps = new PreparedStatement(3, "select 1");
        assertEquals(0, ps.paramCount());
        assertEquals("select 1", ps.bind(new PayloadReader(Hex.bytes("00 01 00 00 00"))));
        assertArrayEquals(new String[0], ps.literals(new PayloadReader(Buffer.buffer())));
        assertEquals("00 01 00 00 00", Hex.of(ps.executeParams(new PayloadReader(Buffer.buffer()))));
    }

    @Test
    void aTruncatedExecuteIsMalformed() {
        PreparedStatement ps = new PreparedStatement(1, "select ?");
        assertThrows(MalformedPacketException.class, () -> ps.bind(new PayloadReader(Hex.bytes("00 01 00 00 00 00 01 08 00 01 00"))));
        assertThrows(MalformedPacketException.class, () -> ps.bind(new PayloadReader(Hex.bytes("00 01 00"))));
    }
}
