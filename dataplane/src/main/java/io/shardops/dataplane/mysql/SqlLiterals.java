package io.shardops.dataplane.mysql;

import java.nio.charset.StandardCharsets;

/** Writes values as SQL literals that a MySQL server reads back exactly. */
public final class SqlLiterals {
    private SqlLiterals() {}

    /** A quoted string literal with MySQL's backslash escapes. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('\'');
        appendEscaped(sb, s);
        return sb.append('\'').toString();
    }

    /**
     * A value's bytes as a literal in statement text ({@link StatementText}): a string literal when they are
     * valid UTF-8, else a hex literal, so no byte is lost.
     */
    public static String quote(byte[] b) {
        return StatementText.ofUnicode(io.shardops.spec.sql.Sql.literal(b));
    }

    private static void appendEscaped(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case 0 -> sb.append("\\0");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                case '"' -> sb.append("\\\"");
                case 0x1a -> sb.append("\\Z");
                default -> sb.append(c);
            }
        }
    }
}
