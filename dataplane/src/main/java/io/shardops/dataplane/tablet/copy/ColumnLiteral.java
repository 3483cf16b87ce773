package io.shardops.dataplane.tablet.copy;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;

/**
 * How the snapshot copy writes one column's value as SQL text, chosen once per column from its data
 * type so a row costs one {@code getString}/{@code getBytes} per column and no boxing. The text goes to
 * the target in the connection's character set (utf8mb4), so only ASCII may pass as raw bytes.
 */
enum ColumnLiteral {
    /** Integers and decimals: the server's own digits, unquoted. */
    NUMBER {
        @Override
        void append(ResultSet rs, int column, StringBuilder sql) throws SQLException {
            String v = rs.getString(column);
            sql.append(v == null ? "NULL" : v);
        }
    },
    /** Binary strings and blobs: quoted when every byte is ASCII (the usual case, half the size), else hex. */
    BINARY {
        @Override
        void append(ResultSet rs, int column, StringBuilder sql) throws SQLException {
            byte[] v = rs.getBytes(column);
            if (v == null) {
                sql.append("NULL");
            } else {
                switch (asciiKind(v)) {
                    case PLAIN -> sql.append('\'').append(new String(v, StandardCharsets.ISO_8859_1)).append('\'');
                    case NEEDS_ESCAPES -> appendQuotedAscii(sql, v);
                    case NOT_ASCII -> appendHex(sql, v);
                }
            }
        }
    },
    /**
     * YEAR: the driver reads a YEAR as a date ({@code 2026-01-01}), which the target's YEAR column refuses; the raw
     * bytes are the server's own digits.
     */
    YEAR {
        @Override
        void append(ResultSet rs, int column, StringBuilder sql) throws SQLException {
            byte[] v = rs.getBytes(column);
            if (v == null) {
                sql.append("NULL");
                return;
            }
            String text = new String(v, StandardCharsets.ISO_8859_1);
            int end = 0;
            while (end < text.length() && Character.isDigit(text.charAt(end))) {
                end++;
            }
            if (end == 0) {
                throw new SQLException("YEAR value the copy cannot read: " + text);
            }
            sql.append(text, 0, end);
        }
    },
    /** BIT(n): a hex literal is the only form the column reads as the same bits. */
    BIT {
        @Override
        void append(ResultSet rs, int column, StringBuilder sql) throws SQLException {
            byte[] v = rs.getBytes(column);
            if (v == null) {
                sql.append("NULL");
            } else {
                appendHex(sql, v);
            }
        }
    },
    /** Character strings, temporal values, enums, JSON: the text, quoted; the server converts it to the column's charset. */
    TEXT {
        @Override
        void append(ResultSet rs, int column, StringBuilder sql) throws SQLException {
            String v = rs.getString(column);
            if (v == null) {
                sql.append("NULL");
            } else {
                sql.append('\'');
                for (int i = 0; i < v.length(); i++) {
                    appendEscaped(sql, v.charAt(i));
                }
                sql.append('\'');
            }
        }
    };

    private static final Set<String> NUMBERS = Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint", "decimal",
            "numeric", "float", "double", "real");
    private static final Set<String> BINARIES = Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob",
            "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon", "geometrycollection");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** @param dataType the column's {@code information_schema.columns.data_type} */
    static ColumnLiteral forDataType(String dataType) {
        if (NUMBERS.contains(dataType)) {
            return NUMBER;
        }
        if (BINARIES.contains(dataType)) {
            return BINARY;
        }
        if (dataType.equals("year")) {
            return YEAR;
        }
        return dataType.equals("bit") ? BIT : TEXT;
    }

    /** Appends the value of {@code column} (1-based) of the current row. */
    abstract void append(ResultSet rs, int column, StringBuilder sql) throws SQLException;

    private enum AsciiKind { PLAIN, NEEDS_ESCAPES, NOT_ASCII }

    /**
     * PLAIN bytes go into the statement in one bulk copy (a Latin-1 string appends as an array copy), which is
     * several times faster than escaping them one char at a time; the copy's reader thread does this for every value.
     */
    private static AsciiKind asciiKind(byte[] v) {
        AsciiKind kind = AsciiKind.PLAIN;
        for (byte b : v) {
            if (b < 0) {
                return AsciiKind.NOT_ASCII;
            }
            if (b == 0 || b == '\n' || b == '\r' || b == '\\' || b == '\'' || b == 0x1a) {
                kind = AsciiKind.NEEDS_ESCAPES;
            }
        }
        return kind;
    }

    private static void appendQuotedAscii(StringBuilder sql, byte[] v) {
        sql.append('\'');
        for (byte b : v) {
            appendEscaped(sql, (char) b);
        }
        sql.append('\'');
    }

    /** {@code X'00FF'}; {@code ''} for no bytes (MariaDB has no empty hex literal). */
    static void appendHex(StringBuilder sql, byte[] v) {
        if (v.length == 0) {
            sql.append("''");
            return;
        }
        sql.append("X'");
        for (byte b : v) {
            sql.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
        }
        sql.append('\'');
    }

    /** MySQL's backslash escapes inside a quoted literal. */
    private static void appendEscaped(StringBuilder sql, char c) {
        switch (c) {
            case 0 -> sql.append("\\0");
            case '\n' -> sql.append("\\n");
            case '\r' -> sql.append("\\r");
            case '\\' -> sql.append("\\\\");
            case '\'' -> sql.append("\\'");
            case 0x1a -> sql.append("\\Z");
            default -> sql.append(c);
        }
    }
}
