package io.shardops.dataplane.mysql;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Statement text as the data plane carries it: a Java string with one char (U+0000..U+00FF) per byte the
 * client sent, in whatever character set the client uses. Keywords, identifiers and punctuation are ASCII
 * and read as usual; string literals keep their bytes exactly, valid UTF-8 or not, so a statement reaches
 * MariaDB byte for byte as the client wrote it. Never decoded as UTF-8 and re-encoded, which would turn
 * binary data into U+FFFD.
 */
public final class StatementText {
    private StatementText() {}

    /** The statement text of these bytes. */
    public static String of(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** The bytes of statement text; text the gateway writes itself is ASCII, which maps to the same bytes. */
    public static byte[] bytes(String sql) {
        for (int i = 0; i < sql.length(); i++) {
            if (sql.charAt(i) > 0xff) {
                return mixed(sql);
            }
        }
        return sql.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A string with chars beyond U+00FF was written by the gateway from Unicode: those chars go as UTF-8. */
    private static byte[] mixed(String sql) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(sql.length() + 16);
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c <= 0xff) {
                out.write(c);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < sql.length() ? i + 2 : i + 1;
                out.writeBytes(sql.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        return out.toByteArray();
    }

    /** Statement text for a Java (Unicode) string, encoded as UTF-8: for values the gateway writes into statements. */
    public static String ofUnicode(String s) {
        return of(s.getBytes(StandardCharsets.UTF_8));
    }

    /** For messages: statement text shown as the UTF-8 it most likely is; text that is not UTF-8 stays as it was. */
    public static String readable(String sql) {
        byte[] b = bytes(sql);
        String utf8 = new String(b, StandardCharsets.UTF_8);
        return Arrays.equals(utf8.getBytes(StandardCharsets.UTF_8), b) ? utf8 : sql;
    }
}
