package io.shardops.dataplane.tablet.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.mysql.ColumnType;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Temporal cells of binlog rows (microseconds since the epoch) back into what the target must store. */
class BinlogTemporalTest {
    static long micros(String utc) {
        LocalDateTime t = LocalDateTime.parse(utc);
        return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000;
    }

    @Test
    void datetimeKeepsItsMicroseconds() {
        assertEquals("2026-12-08 02:03:47.072782",
                BinlogTemporal.value(ColumnType.MYSQL_TYPE_DATETIME2, micros("2026-12-08T02:03:47.072782")));
        assertEquals("2026-12-08 02:03:47.000001",
                BinlogTemporal.value(ColumnType.MYSQL_TYPE_DATETIME2, micros("2026-12-08T02:03:47.000001")));
        assertEquals("1900-01-01 00:00:00", BinlogTemporal.value(ColumnType.MYSQL_TYPE_DATETIME2, micros("1900-01-01T00:00:00")));
        assertEquals("0000-00-00 00:00:00", BinlogTemporal.value(ColumnType.MYSQL_TYPE_DATETIME2, BinlogTemporal.INVALID));
    }

    @Test
    void dateAndTime() {
        assertEquals("2024-02-29", BinlogTemporal.value(ColumnType.MYSQL_TYPE_DATE, micros("2024-02-29T00:00:00")));
        assertEquals("0000-00-00", BinlogTemporal.value(ColumnType.MYSQL_TYPE_DATE, BinlogTemporal.INVALID));
        assertEquals("12:34:56.500000", BinlogTemporal.value(ColumnType.MYSQL_TYPE_TIME2, (12 * 3600 + 34 * 60 + 56) * 1_000_000L + 500_000));
        assertEquals("838:59:59", BinlogTemporal.value(ColumnType.MYSQL_TYPE_TIME2, (838 * 3600 + 59 * 60 + 59) * 1_000_000L));
        assertEquals("-01:00:00", BinlogTemporal.value(ColumnType.MYSQL_TYPE_TIME2, -3600 * 1_000_000L));
    }

    @Test
    void timestampIsTheInstantWithMicroseconds() {
        long m = micros("2026-12-08T02:03:47.072782");
        String text = (String) BinlogTemporal.value(ColumnType.MYSQL_TYPE_TIMESTAMP2, m);
        assertEquals(BinlogTemporal.dateTimeText(LocalDateTime.ofInstant(Instant.parse("2026-12-08T02:03:47.072782Z"),
                ZoneId.systemDefault())), text);
        assertTrue(text.endsWith(".072782"));
        assertEquals("0000-00-00 00:00:00", BinlogTemporal.value(ColumnType.MYSQL_TYPE_TIMESTAMP2, 0L));
    }

    @Test
    void onlyTemporalColumnsChange() {
        byte[] types = {(byte) ColumnType.MYSQL_TYPE_LONGLONG, (byte) ColumnType.MYSQL_TYPE_DATETIME2,
                (byte) ColumnType.MYSQL_TYPE_VARCHAR};
        byte[] name = {'a'};
        Serializable[] row = {42L, micros("2025-01-01T00:00:01.000123"), name};
        Serializable[] out = BinlogTemporal.convert(row, types);
        assertEquals(42L, out[0]);
        assertEquals("2025-01-01 00:00:01.000123", out[1]);
        assertSame(name, out[2]);
        assertEquals(false, BinlogTemporal.hasTemporal(new byte[] {(byte) ColumnType.MYSQL_TYPE_LONGLONG}));
    }

    /** MariaDB's packing of TIME(n): int part hh<<12|mm<<6|ss, shifted 24, plus microseconds, offset by 0x800000000000 (n=6). */
    static byte[] packed6(long value) {
        long v = value + 0x800000000000L;
        byte[] b = new byte[6];
        for (int i = 5; i >= 0; i--) {
            b[i] = (byte) v;
            v >>= 8;
        }
        return b;
    }

    static long time(long h, long m, long s, long micros) {
        return (((h << 12) | (m << 6) | s) << 24) + micros;
    }

    @Test
    void packedTimeKeepsSignAndFraction() {
        assertEquals("12:34:56.000789", BinlogTemporal.time2Text(6, packed6(time(12, 34, 56, 789))));
        assertEquals("-12:34:56.000789", BinlogTemporal.time2Text(6, packed6(-time(12, 34, 56, 789))));
        assertEquals("-838:59:59", BinlogTemporal.time2Text(6, packed6(-time(838, 59, 59, 0))));
        // TIME(0): three bytes, no fraction
        long v = ((1L << 12) | (2 << 6) | 3) + 0x800000L;
        assertEquals("01:02:03", BinlogTemporal.time2Text(0, new byte[] {(byte) (v >> 16), (byte) (v >> 8), (byte) v}));
        long n = -((1L << 12) | (2 << 6) | 3) + 0x800000L;
        assertEquals("-01:02:03", BinlogTemporal.time2Text(0, new byte[] {(byte) (n >> 16), (byte) (n >> 8), (byte) n}));
    }
}
