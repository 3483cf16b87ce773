package io.shardops.dataplane.mysql;

import java.util.ArrayList;
import java.util.List;

/** Finds the {@code ?} parameter markers of a statement, skipping quoted strings, identifiers and comments. */
public final class Placeholders {
    private Placeholders() {}

    /** Offsets of the markers in {@code sql}. */
    public static int[] find(String sql) {
        List<Integer> at = new ArrayList<>();
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            switch (c) {
                case '\'', '"', '`' -> i = skipQuoted(sql, i, c);
                case '#' -> i = skipToEol(sql, i);
                case '-' -> {
                    if (i + 2 < n + 1 && sql.startsWith("--", i) && (i + 2 == n || Character.isWhitespace(sql.charAt(i + 2)))) {
                        i = skipToEol(sql, i);
                    }
                }
                case '/' -> {
                    if (sql.startsWith("/*", i)) {
                        int end = sql.indexOf("*/", i + 2);
                        i = end < 0 ? n : end + 1;
                    }
                }
                case '?' -> at.add(i);
                default -> { }
            }
        }
        return at.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int skipQuoted(String sql, int i, char quote) {
        int n = sql.length();
        for (int j = i + 1; j < n; j++) {
            char c = sql.charAt(j);
            if (c == '\\' && quote != '`') {
                j++;
            } else if (c == quote) {
                if (j + 1 < n && sql.charAt(j + 1) == quote) {
                    j++;
                } else {
                    return j;
                }
            }
        }
        return n;
    }

    private static int skipToEol(String sql, int i) {
        int end = sql.indexOf('\n', i);
        return end < 0 ? sql.length() : end;
    }

    /** {@code sql} with each marker replaced by the literal at the same index. */
    public static String substitute(String sql, int[] markers, String[] literals) {
        if (markers.length != literals.length) {
            throw new IllegalArgumentException(markers.length + " markers but " + literals.length + " values");
        }
        StringBuilder sb = new StringBuilder(sql.length() + 16 * literals.length);
        int last = 0;
        for (int k = 0; k < markers.length; k++) {
            sb.append(sql, last, markers[k]).append(literals[k]);
            last = markers[k] + 1;
        }
        return sb.append(sql, last, sql.length()).toString();
    }
}
