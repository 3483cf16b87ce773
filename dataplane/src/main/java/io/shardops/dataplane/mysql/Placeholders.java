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

    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("'?([0-9]+(\\.[0-9]*)?([eE][+-]?[0-9]+)?)'?");

    /**
     * Whether the marker at {@code at} is a count of LIMIT or OFFSET ({@code LIMIT ?}, {@code LIMIT ?, ?},
     * {@code OFFSET ?}): MariaDB takes any number or numeric string bound there as an integer, but the text
     * {@code LIMIT 2.0} or {@code LIMIT '2'} is a syntax error.
     */
    static boolean rowCountAt(String sql, int at) {
        int i = skipBlanksBack(sql, at - 1);
        if (i >= 0 && sql.charAt(i) == ',') {  // LIMIT ?, ? or LIMIT 10, ?: the count after an offset
            int j = skipBlanksBack(sql, i - 1);
            int k = j;
            while (k >= 0 && (Character.isDigit(sql.charAt(k)) || sql.charAt(k) == '?')) {
                k--;
            }
            if (k == j) {
                return false;
            }
            i = skipBlanksBack(sql, k);
            return endsWithWord(sql, i, "limit");
        }
        return endsWithWord(sql, i, "limit") || endsWithWord(sql, i, "offset");
    }

    private static int skipBlanksBack(String sql, int i) {
        while (i >= 0 && Character.isWhitespace(sql.charAt(i))) {
            i--;
        }
        return i;
    }

    private static boolean endsWithWord(String sql, int end, String word) {
        int start = end - word.length() + 1;
        return start >= 0 && sql.regionMatches(true, start, word, 0, word.length())
                && (start == 0 || !Character.isLetterOrDigit(sql.charAt(start - 1)) && sql.charAt(start - 1) != '_');
    }

    /** A bound LIMIT/OFFSET count as the integer MariaDB reads from it, when it is a whole non-negative number. */
    static String rowCount(String literal) {
        java.util.regex.Matcher m = NUMBER.matcher(literal);
        if (!m.matches() || literal.startsWith("'") != literal.endsWith("'")) {
            return literal;
        }
        java.math.BigDecimal v = new java.math.BigDecimal(m.group(1));
        if (v.signum() < 0 || v.stripTrailingZeros().scale() > 0) {
            return literal;
        }
        return v.toBigInteger().toString();
    }

    /** {@code sql} with each marker replaced by the literal at the same index. */
    public static String substitute(String sql, int[] markers, String[] literals) {
        if (markers.length != literals.length) {
            throw new IllegalArgumentException(markers.length + " markers but " + literals.length + " values");
        }
        StringBuilder sb = new StringBuilder(sql.length() + 16 * literals.length);
        int last = 0;
        for (int k = 0; k < markers.length; k++) {
            String literal = literals[k];
            if (rowCountAt(sql, markers[k])) {
                literal = rowCount(literal);
            }
            sb.append(sql, last, markers[k]).append(literal);
            last = markers[k] + 1;
        }
        return sb.append(sql, last, sql.length()).toString();
    }
}
