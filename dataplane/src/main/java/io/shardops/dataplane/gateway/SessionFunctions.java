package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.SqlLexer;
import io.shardops.spec.sql.Sql;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Functions whose value is the session's, not a tablet's: statements run on pooled tablet connections,
 * so {@code DATABASE()}, {@code ROW_COUNT()} and {@code @@warning_count} are answered by the gateway,
 * written into the statement as literals. A function that is a whole select item keeps its name as the
 * column's label ({@code select database()} is labelled {@code database()}, as in MySQL). Pure.
 */
final class SessionFunctions {
    static final Pattern DATABASE = Pattern.compile("(?i)\\b(?:database|schema)\\s*\\(\\s*\\)");
    static final Pattern ROW_COUNT = Pattern.compile("(?i)\\brow_count\\s*\\(\\s*\\)");
    static final Pattern WARNING_COUNT = Pattern.compile("(?i)@@(?:session\\.)?warning_count\\b");
    static final Pattern FOUND_ROWS = Pattern.compile("(?i)\\bfound_rows\\s*\\(\\s*\\)");
    static final Pattern LAST_INSERT_ID = Pattern.compile("(?i)\\blast_insert_id\\s*\\(\\s*\\)");
    /** After a select item: the end of the item (nothing names it). */
    private static final Pattern ITEM_END = Pattern.compile("(?is)\\s*(?:,|;|$|--\\s|#|/\\*|from\\b|where\\b|limit\\b|order\\b|group\\b|having\\b|into\\b|union\\b|for\\b|lock\\b)");
    /** Before a select item: the start of one. */
    private static final Pattern ITEM_START = Pattern.compile("(?is)(?:\\bselect|,|\\bdistinct|\\ball)\\s*$");

    private SessionFunctions() {}

    /** Cheap test, per statement, before the rewrites: whether ROW_COUNT() or @@warning_count may occur. */
    static boolean mayNameCounts(String sql) {
        return sql.indexOf("_count") >= 0 || sql.indexOf("_COUNT") >= 0 || sql.indexOf("_Count") >= 0;
    }

    /**
     * Whether the statement may call LAST_INSERT_ID() without an argument: the session's value lives at the
     * gateway (ids from sequences never reach a tablet's connection, and a pooled connection's own value is
     * another session's), so it is written into the statement as a literal before it is routed, as Vitess does.
     */
    static boolean mayNameLastInsertId(String sql) {
        return sql.indexOf('(') >= 0 && StatementWords.containsWord(sql, "last_insert_id");
    }

    /** Whether the statement may call FOUND_ROWS(): the session's, kept by the gateway like ROW_COUNT(). */
    static boolean mayNameFoundRows(String sql) {
        return sql.indexOf('(') >= 0 && StatementWords.containsWord(sql, "found_rows");
    }

    /** The statement with LAST_INSERT_ID() answered. */
    static String answerLastInsertId(String sql, long lastInsertId) {
        return replace(sql, LAST_INSERT_ID, Long.toUnsignedString(lastInsertId));
    }

    /** The statement with ROW_COUNT() and @@warning_count answered. */
    static String answerCounts(String sql, long rowCount, int warningCount) {
        String out = replace(sql, ROW_COUNT, Long.toString(rowCount));
        return replace(out, WARNING_COUNT, Integer.toString(warningCount));
    }

    /**
     * Each match of {@code function} in the statement's code (not inside a string, a quoted name or a
     * comment) replaced by {@code literal}; one that is a whole select item without an alias gets its own text
     * as the alias.
     */
    static String replace(String sql, Pattern function, String literal) {
        Matcher m = function.matcher(sql);
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int at = 0;
        int searchFrom = 0;
        boolean select = StatementWords.firstWord(sql).equals("select");  // VALUES (1, row_count()) names no column
        while (m.find(searchFrom)) {
            int notCode = SqlLexer.quotedOrCommentEnd(sql, m.start());
            if (notCode > m.start()) {
                searchFrom = notCode;  // 'database()' in a string is data
                continue;
            }
            searchFrom = m.end();
            out.append(sql, at, m.start());
            String before = sql.substring(Math.max(0, m.start() - 16), m.start());
            boolean wholeItem = select && ITEM_START.matcher(before).find() && ITEM_END.matcher(sql).region(m.end(), sql.length()).lookingAt();
            out.append(literal);
            if (wholeItem) {
                out.append(" AS ").append(Sql.identifier(m.group()));
            }
            at = m.end();
        }
        out.append(sql, at, sql.length());
        return out.toString();
    }
}
