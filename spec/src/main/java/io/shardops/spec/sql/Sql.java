package io.shardops.spec.sql;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The one place identifiers and literals are written into SQL the project builds. Every statement
 * text that carries a name or a value from a spec, a topology record or a client goes through here,
 * so a name like {@code a`; drop table t -- } stays one identifier.
 */
public final class Sql {
    private Sql() {}

    /** A backquoted identifier: {@code `a``b`} for {@code a`b}. A NUL can never be part of a MySQL name. */
    public static String identifier(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("empty SQL identifier");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("SQL identifier contains a NUL character");
        }
        return '`' + name.replace("`", "``") + '`';
    }

    /** {@code `db`.`table`}. */
    public static String qualified(String database, String table) {
        return identifier(database) + '.' + identifier(table);
    }

    /**
     * A single-quoted string literal. Quotes are doubled rather than backslash-escaped, so the literal
     * ends where it should under {@code NO_BACKSLASH_ESCAPES} too; backslashes and control bytes are
     * escaped for the default mode the project's own connections use.
     */
    public static String literal(String value) {
        if (value == null) {
            return "NULL";
        }
        StringBuilder sb = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\'' -> sb.append("''");
                case '\\' -> sb.append("\\\\");
                case 0 -> sb.append("\\0");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case 0x1a -> sb.append("\\Z");
                default -> sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }

    /** Bytes that are valid UTF-8 as a string literal, anything else as a hex literal so no byte is changed. */
    public static String literal(byte[] value) {
        if (value == null) {
            return "NULL";
        }
        String s = new String(value, StandardCharsets.UTF_8);
        if (Arrays.equals(s.getBytes(StandardCharsets.UTF_8), value)) {
            return literal(s);
        }
        return hex(value);
    }

    /** {@code X'..'}: exact bytes whatever the connection's character set. */
    public static String hex(byte[] value) {
        return value.length == 0 ? "''" : "X'" + HexFormat.of().formatHex(value) + "'";
    }
}
