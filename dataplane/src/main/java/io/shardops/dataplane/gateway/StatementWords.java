package io.shardops.dataplane.gateway;

import java.util.Locale;

/** Cheap lexical looks at a statement's text, for dispatch before (or instead of) a parse. */
final class StatementWords {
    private StatementWords() {}

    static String firstWord(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (sql.startsWith("/*", i) && !sql.startsWith("/*!", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (sql.startsWith("--", i) || c == '#') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else {
                break;
            }
        }
        int start = i;
        while (i < n && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(start, i).toLowerCase(Locale.ROOT);
    }

    /**
     * The statement inside a version comment that is the whole statement ({@code /*!40101 SET NAMES utf8 *}{@code /},
     * {@code /*M!100101 ... *}{@code /}, as mysqldump writes them), which MySQL and MariaDB run; null when
     * {@code sql} is not one.
     */
    static String versionCommented(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        int open = sql.startsWith("/*!", i) ? i + 3 : sql.startsWith("/*M!", i) ? i + 4 : -1;
        if (open < 0) {
            return null;
        }
        int end = n;
        while (end > open && (Character.isWhitespace(sql.charAt(end - 1)) || sql.charAt(end - 1) == ';')) {
            end--;
        }
        if (!sql.startsWith("*/", end - 2) || sql.indexOf("*/", open) != end - 2) {
            return null;
        }
        int from = open;
        while (from < end - 2 && Character.isDigit(sql.charAt(from))) {
            from++;
        }
        return sql.substring(from, end - 2);
    }

    static String afterFirstWord(String sql) {
        String w = firstWord(sql);
        int at = sql.toLowerCase(Locale.ROOT).indexOf(w);
        return sql.substring(at + w.length()).trim();
    }

    /**
     * Whether {@code lowerWord} (ASCII, lowercase) occurs as a whole word, ignoring ASCII case: what the regex
     * {@code (?i)\bWORD\b} finds (word characters {@code [A-Za-z0-9_]}), without a regex per statement.
     */
    static boolean containsWord(String sql, String lowerWord) {
        return indexOfWord(sql, lowerWord, 0) >= 0;
    }

    /** Where {@code lowerWord} next occurs as a whole word from {@code from} on, ignoring ASCII case; -1 if not. */
    static int indexOfWord(String sql, String lowerWord, int from) {
        int n = lowerWord.length();
        int last = sql.length() - n;
        for (int i = Math.max(0, from); i <= last; i++) {
            if (regionIsAscii(sql, i, lowerWord) && (i == 0 || !isAsciiWordChar(sql.charAt(i - 1)))
                    && (i + n == sql.length() || !isAsciiWordChar(sql.charAt(i + n)))) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code sql} at {@code at} reads {@code lower} (ASCII, lowercase) ignoring ASCII case. */
    static boolean regionIsAscii(String sql, int at, String lower) {
        int n = lower.length();
        if (at < 0 || at + n > sql.length()) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            char c = sql.charAt(at + k);
            char w = lower.charAt(k);
            if (c != w && !(w >= 'a' && w <= 'z' && c == w - 32)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** Whether {@code ks.} or {@code `ks`.} occurs in the SQL, ignoring case; without copying the statement, as this runs per statement. */
    static boolean namesQualifier(String sql, String ks) {
        int n = ks.length();
        for (int i = sql.indexOf('.'); i >= 0; i = sql.indexOf('.', i + 1)) {
            if (i >= n && sql.regionMatches(true, i - n, ks, 0, n)) {
                return true;
            }
            if (i >= n + 2 && sql.charAt(i - 1) == '`' && sql.charAt(i - n - 2) == '`' && sql.regionMatches(true, i - n - 1, ks, 0, n)) {
                return true;
            }
        }
        return false;
    }
}
