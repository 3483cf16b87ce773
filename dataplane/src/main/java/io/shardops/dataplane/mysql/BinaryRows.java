package io.shardops.dataplane.mysql;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Text-protocol values to binary-protocol rows (ProtocolBinary::ResultsetRow), for prepared
 * statements answered from a backend's text result.
 */
public final class BinaryRows {
    private BinaryRows() {}

    public static Buffer encode(List<ColumnDefinition> columns, byte[][] values) {
        int n = columns.size();
        Buffer b = Buffer.buffer(16 + n * 9);
        b.appendByte((byte) 0x00);
        byte[] nulls = new byte[(n + 7 + 2) / 8];
        for (int i = 0; i < n; i++) {
            if (values[i] == null) {
                int bit = i + 2;
                nulls[bit / 8] |= (byte) (1 << (bit % 8));
            }
        }
        b.appendBytes(nulls);
        for (int i = 0; i < n; i++) {
            if (values[i] != null) {
                appendValue(b, columns.get(i), values[i]);
            }
        }
        return b;
    }

    private static void appendValue(Buffer b, ColumnDefinition col, byte[] text) {
        String s;
        switch (col.type()) {
            case ColumnType.MYSQL_TYPE_TINY -> b.appendByte((byte) parseLong(text));
            case ColumnType.MYSQL_TYPE_SHORT, ColumnType.MYSQL_TYPE_YEAR -> b.appendShortLE((short) parseLong(text));
            case ColumnType.MYSQL_TYPE_LONG, ColumnType.MYSQL_TYPE_INT24 -> b.appendIntLE((int) parseLong(text));
            case ColumnType.MYSQL_TYPE_LONGLONG -> b.appendLongLE(parseLong(text));
            case ColumnType.MYSQL_TYPE_FLOAT -> b.appendIntLE(Float.floatToIntBits(Float.parseFloat(ascii(text))));
            case ColumnType.MYSQL_TYPE_DOUBLE -> b.appendLongLE(Double.doubleToLongBits(Double.parseDouble(ascii(text))));
            case ColumnType.MYSQL_TYPE_DATE, ColumnType.MYSQL_TYPE_DATETIME, ColumnType.MYSQL_TYPE_TIMESTAMP,
                    ColumnType.MYSQL_TYPE_NEWDATE -> appendDateTime(b, ascii(text));
            case ColumnType.MYSQL_TYPE_TIME -> appendTime(b, ascii(text));
            default -> PayloadWriter.lenencBytes(b, text);
        }
    }

    private static String ascii(byte[] text) {
        return new String(text, StandardCharsets.US_ASCII);
    }

    private static long parseLong(byte[] text) {
        String s = ascii(text);
        return s.startsWith("-") ? Long.parseLong(s) : Long.parseUnsignedLong(s);
    }

    /** YYYY-MM-DD[ hh:mm:ss[.ffffff]]. */
    private static void appendDateTime(Buffer b, String s) {
        int year = Integer.parseInt(s.substring(0, 4));
        int month = Integer.parseInt(s.substring(5, 7));
        int day = Integer.parseInt(s.substring(8, 10));
        int hour = 0;
        int minute = 0;
        int second = 0;
        int micros = 0;
        if (s.length() >= 19) {
            hour = Integer.parseInt(s.substring(11, 13));
            minute = Integer.parseInt(s.substring(14, 16));
            second = Integer.parseInt(s.substring(17, 19));
            if (s.length() > 20) {
                micros = fraction(s.substring(20));
            }
        }
        if (micros != 0) {
            b.appendByte((byte) 11);
        } else if (hour != 0 || minute != 0 || second != 0) {
            b.appendByte((byte) 7);
        } else if (year != 0 || month != 0 || day != 0) {
            b.appendByte((byte) 4);
        } else {
            b.appendByte((byte) 0);
            return;
        }
        b.appendShortLE((short) year).appendByte((byte) month).appendByte((byte) day);
        if (micros != 0 || hour != 0 || minute != 0 || second != 0) {
            b.appendByte((byte) hour).appendByte((byte) minute).appendByte((byte) second);
        }
        if (micros != 0) {
            b.appendIntLE(micros);
        }
    }

    /** [-]h+:mm:ss[.ffffff]. */
    private static void appendTime(Buffer b, String s) {
        boolean negative = s.startsWith("-");
        if (negative) {
            s = s.substring(1);
        }
        String[] hms = s.split(":");
        long hours = Long.parseLong(hms[0]);
        int minute = Integer.parseInt(hms[1]);
        String secPart = hms[2];
        int dot = secPart.indexOf('.');
        int second = Integer.parseInt(dot < 0 ? secPart : secPart.substring(0, dot));
        int micros = dot < 0 ? 0 : fraction(secPart.substring(dot + 1));
        if (hours == 0 && minute == 0 && second == 0 && micros == 0) {
            b.appendByte((byte) 0);
            return;
        }
        b.appendByte((byte) (micros == 0 ? 8 : 12));
        b.appendByte((byte) (negative ? 1 : 0));
        b.appendIntLE((int) (hours / 24)).appendByte((byte) (hours % 24)).appendByte((byte) minute).appendByte((byte) second);
        if (micros != 0) {
            b.appendIntLE(micros);
        }
    }

    private static int fraction(String digits) {
        String six = (digits + "000000").substring(0, 6);
        return Integer.parseInt(six);
    }
}
