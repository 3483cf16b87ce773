package io.shardops.dataplane.tablet.copy;

import io.shardops.dataplane.mysql.ColumnType;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Turns the temporal values of a binlog row image into values the target stores exactly as the source has them.
 *
 * <p>The reader decodes DATE, TIME, DATETIME and TIMESTAMP as microseconds since the epoch (the binlog library's
 * {@code DATE_AND_TIME_AS_LONG_MICRO} mode), because its default, {@code java.util.Date}, keeps milliseconds only
 * and drops the microseconds of a {@code DATETIME(6)}. This class turns those numbers back into SQL text by the
 * column's type in the table map: DATETIME, DATE and TIME as their literal text (the library computes them in UTC,
 * so no time zone is involved), TIMESTAMP as the instant's wall-clock text in the JVM's zone (the zone the driver
 * used for it before). A zero date arrives as {@link #INVALID} and is written as
 * MariaDB's zero value.
 */
final class BinlogTemporal {
    /** What the reader decodes a zero or invalid date to (the library's {@code INVALID_DATE_AND_TIME_AS_MIN_VALUE}). */
    static final long INVALID = Long.MIN_VALUE;

    private BinlogTemporal() {}

    /** Whether a table of these binlog column types has any temporal column (else rows pass untouched). */
    static boolean hasTemporal(byte[] columnTypes) {
        for (byte t : columnTypes) {
            if (isTemporal(t & 0xff)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTemporal(int type) {
        return switch (type) {
            case ColumnType.MYSQL_TYPE_DATE, ColumnType.MYSQL_TYPE_NEWDATE, ColumnType.MYSQL_TYPE_TIME,
                 ColumnType.MYSQL_TYPE_TIME2, ColumnType.MYSQL_TYPE_DATETIME, ColumnType.MYSQL_TYPE_DATETIME2,
                 ColumnType.MYSQL_TYPE_TIMESTAMP, ColumnType.MYSQL_TYPE_TIMESTAMP2 -> true;
            default -> false;
        };
    }

    /** Converts the temporal cells of {@code row} in place; {@code row} is in the table map's column order. */
    static Serializable[] convert(Serializable[] row, byte[] columnTypes) {
        if (row == null) {
            return null;
        }
        for (int i = 0; i < row.length && i < columnTypes.length; i++) {
            if (row[i] instanceof Long micros && isTemporal(columnTypes[i] & 0xff)) {
                row[i] = value(columnTypes[i] & 0xff, micros);
            }
        }
        return row;
    }

    static Serializable value(int type, long micros) {
        return switch (type) {
            case ColumnType.MYSQL_TYPE_DATE, ColumnType.MYSQL_TYPE_NEWDATE ->
                    micros == INVALID ? "0000-00-00" : dateTime(micros).toLocalDate().toString();
            case ColumnType.MYSQL_TYPE_DATETIME, ColumnType.MYSQL_TYPE_DATETIME2 ->
                    micros == INVALID ? "0000-00-00 00:00:00" : dateTimeText(dateTime(micros));
            case ColumnType.MYSQL_TYPE_TIME, ColumnType.MYSQL_TYPE_TIME2 -> micros == INVALID ? "00:00:00" : timeText(micros);
            case ColumnType.MYSQL_TYPE_TIMESTAMP, ColumnType.MYSQL_TYPE_TIMESTAMP2 -> {
                if (micros == INVALID || micros == 0) {
                    yield "0000-00-00 00:00:00";
                }
                // the instant as wall-clock text in the JVM's zone, as the driver would write a Timestamp, but with
                // every microsecond (the driver sent a Timestamp's fraction cut to whole seconds)
                yield dateTimeText(LocalDateTime.ofInstant(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                        Math.floorMod(micros, 1_000_000L) * 1000L), ZoneId.systemDefault()));
            }
            default -> micros;
        };
    }

    private static LocalDateTime dateTime(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), (int) (Math.floorMod(micros, 1_000_000L) * 1000L),
                ZoneOffset.UTC);
    }

    /** {@code YYYY-MM-DD HH:MM:SS[.ffffff]}: the fraction only when there is one, always six digits. */
    static String dateTimeText(LocalDateTime t) {
        StringBuilder sb = new StringBuilder(26);
        sb.append(String.format("%04d-%02d-%02d %02d:%02d:%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond()));
        appendFraction(sb, t.getNano() / 1000);
        return sb.toString();
    }

    /** A TIME as the library hands it: microseconds after 1970-01-01 00:00 UTC (hours may pass 24). */
    static String timeText(long micros) {
        StringBuilder sb = new StringBuilder(17);
        long abs = Math.abs(micros);
        if (micros < 0) {
            sb.append('-');
        }
        long seconds = abs / 1_000_000L;
        sb.append(String.format("%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60));
        appendFraction(sb, (int) (abs % 1_000_000L));
        return sb.toString();
    }

    private static void appendFraction(StringBuilder sb, int micros) {
        if (micros != 0) {
            sb.append('.').append(String.format("%06d", micros));
        }
    }

    /**
     * A TIME(n) in the binlog's packed format (MySQL 5.6's {@code TIME2}): the 3-byte integer part and the fraction
     * (1, 2 or 3 more bytes by {@code decimals}), big-endian with an offset, as text like {@code -12:34:56.000789}.
     */
    static String time2Text(int decimals, byte[] b) {
        long packed;
        if (decimals >= 5) {
            packed = bigEndian(b, 0, 6) - 0x800000000000L;
        } else {
            long intPart = bigEndian(b, 0, 3) - 0x800000L;
            long frac = 0;
            if (decimals >= 3) {
                frac = bigEndian(b, 3, 2);
                if (intPart < 0 && frac != 0) {
                    intPart++;
                    frac -= 0x10000;
                }
                frac *= 100;
            } else if (decimals >= 1) {
                frac = b[3] & 0xff;
                if (intPart < 0 && frac != 0) {
                    intPart++;
                    frac -= 0x100;
                }
                frac *= 10000;
            }
            packed = (intPart << 24) + frac;
        }
        boolean negative = packed < 0;
        long abs = Math.abs(packed);
        long hms = abs >> 24;
        long micros = abs & 0xffffffL;
        long hour = (hms >> 12) & 0x3ff;
        long minute = (hms >> 6) & 0x3f;
        long second = hms & 0x3f;
        StringBuilder sb = new StringBuilder(17);
        if (negative) {
            sb.append('-');
        }
        sb.append(String.format("%02d:%02d:%02d", hour, minute, second));
        appendFraction(sb, (int) micros);
        return sb.toString();
    }

    /** A DATE as the binlog packs it: three bytes little-endian, day in 5 bits, month in 4, the year above. */
    static String dateText(int packed) {
        return String.format("%04d-%02d-%02d", packed >> 9, (packed >> 5) & 0xf, packed & 0x1f);
    }

    /** A DATETIME(n) as the binlog packs it (MySQL 5.6's {@code DATETIME2}): five bytes, then the fraction by {@code decimals}. */
    static String datetime2Text(int decimals, byte[] b) {
        long intPart = bigEndian(b, 0, 5) - 0x8000000000L;
        long frac = switch (decimals) {
            case 1, 2 -> (byte) b[5] * 10000L;
            case 3, 4 -> (short) bigEndian(b, 5, 2) * 100L;
            case 5, 6 -> {
                long v = bigEndian(b, 5, 3);
                yield (v & 0x800000L) != 0 ? v - 0x1000000L : v;
            }
            default -> 0;
        };
        long packed = (intPart << 24) + frac;
        long abs = Math.abs(packed);
        long ymdhms = abs >> 24;
        long ymd = ymdhms >> 17;
        long ym = ymd >> 5;
        long hms = ymdhms & 0x1ffff;
        StringBuilder sb = new StringBuilder(26);
        sb.append(String.format("%04d-%02d-%02d %02d:%02d:%02d", ym / 13, ym % 13, ymd & 0x1f, hms >> 12, (hms >> 6) & 0x3f, hms & 0x3f));
        appendFraction(sb, (int) (abs & 0xffffffL));
        return sb.toString();
    }

    private static long bigEndian(byte[] b, int from, int length) {
        long v = 0;
        for (int i = from; i < from + length; i++) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }
}
