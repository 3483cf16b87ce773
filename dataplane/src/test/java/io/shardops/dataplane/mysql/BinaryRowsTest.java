package io.shardops.dataplane.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Text values turned into binary result set rows, each column type against the documentation's binary value examples. */
class BinaryRowsTest {
    static ColumnDefinition column(int type) {
        return new ColumnDefinition("", "", "", "c", "", 63, 20, type, 0, 0);
    }

    /** The value bytes of a one-column row: after the 0x00 header and the one-byte null bitmap. */
    static String value(int type, String text) {
        Buffer row = BinaryRows.encode(List.of(column(type)), new byte[][] {text.getBytes(StandardCharsets.UTF_8)});
        assertEquals("00 00", Hex.of(row.getBuffer(0, 2)));
        return Hex.of(row.getBuffer(2, row.length()));
    }

    @Test
    void theDocumentedRowOfOneStringColumn() {
        Buffer row = BinaryRows.encode(List.of(column(ColumnType.MYSQL_TYPE_VAR_STRING)), new byte[][] {"foobar".getBytes()});
        assertEquals("00 00 06 66 6f 6f 62 61 72", Hex.of(row));
    }

    @Test
    void integersTakeTheirFixedWidth() {
        assertEquals("01 00 00 00 00 00 00 00", value(ColumnType.MYSQL_TYPE_LONGLONG, "1"));
        assertEquals("01 00 00 00", value(ColumnType.MYSQL_TYPE_LONG, "1"));
        assertEquals("01 00 00 00", value(ColumnType.MYSQL_TYPE_INT24, "1"));
        assertEquals("01 00", value(ColumnType.MYSQL_TYPE_SHORT, "1"));
        assertEquals("e8 07", value(ColumnType.MYSQL_TYPE_YEAR, "2024"));
        assertEquals("01", value(ColumnType.MYSQL_TYPE_TINY, "1"));
    }

    @Test
    void negativeAndUnsignedIntegersKeepTheirBits() {
        assertEquals("ff", value(ColumnType.MYSQL_TYPE_TINY, "-1"));
        assertEquals("ff", value(ColumnType.MYSQL_TYPE_TINY, "255"));
        assertEquals("00 80", value(ColumnType.MYSQL_TYPE_SHORT, "-32768"));
        assertEquals("ff ff ff ff", value(ColumnType.MYSQL_TYPE_LONG, "4294967295"));
        assertEquals("ff ff ff ff ff ff ff ff", value(ColumnType.MYSQL_TYPE_LONGLONG, "18446744073709551615"));
        assertEquals("fe ff ff ff ff ff ff ff", value(ColumnType.MYSQL_TYPE_LONGLONG, "-2"));
    }

    @Test
    void floatingPointIsIeee754LittleEndian() {
        assertEquals("66 66 66 66 66 66 24 40", value(ColumnType.MYSQL_TYPE_DOUBLE, "10.2"));
        assertEquals("33 33 23 41", value(ColumnType.MYSQL_TYPE_FLOAT, "10.2"));
    }

    @Test
    void datesAndDatetimesTakeTheShortestDocumentedLength() {
        assertEquals("0b da 07 0a 11 13 1b 1e 01 00 00 00", value(ColumnType.MYSQL_TYPE_DATETIME, "2010-10-17 19:27:30.000001"));
        assertEquals("07 da 07 0a 11 13 1b 1e", value(ColumnType.MYSQL_TYPE_DATETIME, "2010-10-17 19:27:30"));
        assertEquals("04 da 07 0a 11", value(ColumnType.MYSQL_TYPE_DATE, "2010-10-17"));
        assertEquals("04 da 07 0a 11", value(ColumnType.MYSQL_TYPE_TIMESTAMP, "2010-10-17 00:00:00"));
        assertEquals("00", value(ColumnType.MYSQL_TYPE_DATETIME, "0000-00-00 00:00:00"));
        assertEquals("0b da 07 0a 11 00 00 00 20 a1 07 00", value(ColumnType.MYSQL_TYPE_DATETIME, "2010-10-17 00:00:00.5"),
                "a fraction alone still needs the time fields");
    }

    @Test
    void timesCarryASignDaysAndHours() {
        assertEquals("0c 01 78 00 00 00 13 1b 1e 01 00 00 00", value(ColumnType.MYSQL_TYPE_TIME, "-2899:27:30.000001"));
        assertEquals("08 01 78 00 00 00 13 1b 1e", value(ColumnType.MYSQL_TYPE_TIME, "-2899:27:30"));
        assertEquals("08 00 22 00 00 00 16 3b 3b", value(ColumnType.MYSQL_TYPE_TIME, "838:59:59"));
        assertEquals("00", value(ColumnType.MYSQL_TYPE_TIME, "00:00:00"));
    }

    @Test
    void decimalsStringsBlobsAndBitsAreLengthEncoded() {
        assertEquals("04 31 2e 35 30", value(ColumnType.MYSQL_TYPE_NEWDECIMAL, "1.50"));
        assertEquals("03 66 6f 6f", value(ColumnType.MYSQL_TYPE_STRING, "foo"));
        assertEquals("03 66 6f 6f", value(ColumnType.MYSQL_TYPE_BLOB, "foo"));
        assertEquals("07 7b 22 61 22 3a 31 7d", value(ColumnType.MYSQL_TYPE_JSON, "{\"a\":1}"));
        assertEquals("01 61", value(ColumnType.MYSQL_TYPE_ENUM, "a"));
        Buffer bit = BinaryRows.encode(List.of(column(ColumnType.MYSQL_TYPE_BIT)), new byte[][] {{(byte) 0x80, 0x01}});
        assertEquals("00 00 02 80 01", Hex.of(bit));
    }

    @Test
    void theNullBitmapStartsTwoBitsIn() {
        List<ColumnDefinition> seven = new ArrayList<>(Collections.nCopies(7, column(ColumnType.MYSQL_TYPE_TINY)));
        byte[][] values = new byte[7][];
        for (int i = 0; i < 7; i++) {
            values[i] = i == 0 || i == 6 ? null : "9".getBytes();
        }
        Buffer row = BinaryRows.encode(seven, values);
        // (7 + 7 + 2) / 8 = 2 bytes; column 0 -> bit 2 of byte 0, column 6 -> bit 0 of byte 1
        assertEquals("00 04 01 09 09 09 09 09", Hex.of(row));
    }

    @Test
    void sixColumnsFitOneBitmapByteAndSevenDoNot() {
        Buffer six = BinaryRows.encode(Collections.nCopies(6, column(ColumnType.MYSQL_TYPE_TINY)), new byte[6][]);
        assertEquals("00 fc", Hex.of(six));
        Buffer none = BinaryRows.encode(List.of(), new byte[0][]);
        assertEquals("00 00", Hex.of(none));
    }
}
