package io.shardops.dataplane.gateway;

/**
 * MySQL's executable comments, {@code /*!40101 SET NAMES utf8mb4 *}{@code /} and MariaDB's {@code /*M!100101 ... *}{@code /}:
 * MariaDB runs their text (the tablets' MariaDB is newer than any version they name), so the gateway routes
 * the statement with the text in place of the comment. mysqldump writes its whole preamble this way.
 */
final class ExecutableComments {
    /**
     * The version the tablets' MariaDB reports (10.11): a comment naming a later version is a comment to it,
     * as mariadb-dump's first line {@code /*M!999999 enable the sandbox mode *}{@code /} is meant to be.
     */
    static final int SERVER_VERSION = 101100;

    private ExecutableComments() {}

    /** Cheap test, per statement: whether the text may hold an executable comment. */
    static boolean mayHave(String sql) {
        return sql.indexOf("/*!") >= 0 || sql.indexOf("/*M!") >= 0;
    }

    /** The statement with each executable comment replaced by its text; quoted strings and names are left alone. */
    static String unwrap(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = endOfQuoted(sql, i, c);
                out.append(sql, i, end);
                i = end;
            } else if (sql.startsWith("/*!", i) || sql.startsWith("/*M!", i)) {
                int start = i + (sql.charAt(i + 2) == '!' ? 3 : 4);
                int end = sql.indexOf("*/", start);
                if (end < 0) {
                    out.append(sql, i, n);  // unterminated: MariaDB reports it
                    break;
                }
                int body = start;
                while (body < end && body - start < 6 && Character.isDigit(sql.charAt(body))) {
                    body++;
                }
                int version = body == start ? 0 : Integer.parseInt(sql.substring(start, body));
                out.append(' ');
                if (version <= SERVER_VERSION) {
                    out.append(unwrap(sql.substring(body, end))).append(' ');
                }
                i = end + 2;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                int stop = end < 0 ? n : end + 2;
                out.append(sql, i, stop);
                i = stop;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The index just past the quoted string or name starting at {@code start}; backslash escapes in strings. */
    private static int endOfQuoted(String sql, int start, char quote) {
        int i = start + 1;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\\' && quote != '`' && i + 1 < n) {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2;  // doubled quote
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n;
    }
}
