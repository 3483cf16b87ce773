package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.SqlLexer;
import io.shardops.dataplane.mysql.StatementText;
import io.shardops.spec.sql.Sql;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The text the gateway hands to its SQL parser: binary string literals ({@code _binary'…'}, and literals whose
 * bytes are not UTF-8, as the {@code mysql} CLI and client-side prepared statements send binary data) become
 * hex literals ({@link Sql#hex}) of exactly their bytes. A hex literal is the same binary string to MariaDB,
 * the parser reads it, and a statement the gateway rewrites from the parse carries those bytes unchanged.
 * A statement routed without rewriting is sent as the client wrote it.
 */
final class ParseableText {
    private ParseableText() {}

    static String of(String sql) {
        StringBuilder out = null;
        int copied = 0;
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '`') {
                i = SqlLexer.skipQuoted(sql, i, '`');
            } else if (c == '#' || (c == '-' && sql.startsWith("-- ", i))) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && sql.startsWith("/*", i) && !sql.startsWith("/*!", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '\'' || c == '"') {
                int end = SqlLexer.skipQuoted(sql, i, c);
                if (end - 1 <= i || sql.charAt(end - 1) != c) {
                    return sql;  // unterminated: the parser reports it
                }
                byte[] value = StatementText.bytes(Literals.unescape(sql.substring(i + 1, end - 1), c));
                int introducer = introducer(sql, i);
                boolean binary = introducer >= 0 && sql.substring(introducer, i).strip().toLowerCase(Locale.ROOT).equals("_binary");
                if (binary || !utf8(value)) {
                    if (out == null) {
                        out = new StringBuilder(n + 16);
                    }
                    out.append(sql, copied, binary ? introducer : i).append(Sql.hex(value));
                    copied = end;
                }
                i = end;
            } else {
                i++;
            }
        }
        return out == null ? sql : out.append(sql, copied, n).toString();
    }

    /** Where a charset introducer ({@code _binary}, {@code _utf8mb4}) before the literal at {@code quote} starts, or -1. */
    private static int introducer(String sql, int quote) {
        int j = quote - 1;
        while (j >= 0 && Character.isWhitespace(sql.charAt(j))) {
            j--;
        }
        int end = j + 1;
        while (j >= 0 && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j--;
        }
        int start = j + 1;
        return start < end && sql.charAt(start) == '_' && (j < 0 || !(sql.charAt(j) == '.' || sql.charAt(j) == '@')) ? start : -1;
    }

    private static boolean utf8(byte[] value) {
        for (byte b : value) {
            if (b < 0) {
                try {
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value));
                    return true;
                } catch (CharacterCodingException e) {
                    return false;
                }
            }
        }
        return true;
    }
}
