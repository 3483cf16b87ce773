package io.shardops.dataplane.tablet.query;

import java.util.Locale;

/**
 * A table a statement names.
 *
 * @param schema the qualifier, lowercase, or null when unqualified
 * @param name   lowercase, without backquotes
 */
public record TableRef(String schema, String name) {
    /** Parses {@code name}, {@code `name`}, {@code db.name} or {@code `db`.`name`}. */
    public static TableRef parse(String text) {
        String t = text.strip();
        int dot = qualifierDot(t);
        if (dot < 0) {
            return new TableRef(null, unquote(t));
        }
        return new TableRef(unquote(t.substring(0, dot)), unquote(t.substring(dot + 1)));
    }

    private static int qualifierDot(String t) {
        boolean quoted = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '`') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String s) {
        String t = s.strip();
        if (t.length() >= 2 && t.startsWith("`") && t.endsWith("`")) {
            t = t.substring(1, t.length() - 1).replace("``", "`");
        } else if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1);
        }
        return t.toLowerCase(Locale.ROOT);
    }

    /** Whether this names a table of {@code database} (unqualified, or qualified with it). */
    public boolean in(String database) {
        return schema == null || schema.equalsIgnoreCase(database);
    }
}
