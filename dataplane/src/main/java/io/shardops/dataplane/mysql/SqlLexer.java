package io.shardops.dataplane.mysql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One pass over SQL text that replaces literals (numbers, strings) with {@code ?}, so statements
 * differing only in values share one analysis, and notes the leading keyword. Strings, quoted
 * identifiers and comments are skipped correctly, so a {@code FROM} inside a string is not a keyword.
 */
public final class SqlLexer {
    private SqlLexer() {}

    /**
     * The result of a pass.
     *
     * @param normalized   the text with literals replaced by {@code ?} and comments dropped
     * @param firstKeyword the first word, uppercase ("" when none)
     * @param namesTables  whether a word that introduces a table (FROM, JOIN, INTO, UPDATE, TABLE) occurs
     *                     outside strings and comments; when false the statement touches no table
     * @param multiStatement a {@code ;} outside strings and comments is followed by more SQL
     * @param calledNames  lowercase words followed by {@code (}: the functions (and keywords such as IN) it calls
     * @param readingDependsOnMode a string holds a backslash or is double-quoted: where it ends depends on the
     *                     session's sql_mode (NO_BACKSLASH_ESCAPES, ANSI_QUOTES) and character set
     */
    public record Lexed(String normalized, String firstKeyword, boolean namesTables, boolean multiStatement,
                        List<String> calledNames, boolean readingDependsOnMode) {
        public Lexed {
            calledNames = List.copyOf(calledNames);
        }

        /** A statement without the extra facts (tests, tools). */
        public Lexed(String normalized, String firstKeyword, boolean namesTables) {
            this(normalized, firstKeyword, namesTables, false, List.of(), false);
        }
    }

    /**
     * A statement's text with its values taken out: the normalized text of {@link #lex} and, in order, the
     * literal each {@code ?} stands for, as written (strings with their quotes). Statements of one shape
     * route alike, so the gateway decides a shape's route once and then only reads its values.
     */
    public record Shape(String normalized, List<String> literals) {}

    public static Lexed lex(String sql) {
        return pass(sql, null);
    }

    /**
     * The statement's shape, or null where a literal cannot stand alone as a parameter: a string after an
     * introducer or prefix ({@code _utf8mb4'a'}, {@code x'1f'}, {@code N'a'}), or a {@code ?} already in the text.
     */
    public static Shape shape(String sql) {
        List<String> literals = new ArrayList<>();
        Lexed lexed = pass(sql, literals);
        return lexed == null ? null : new Shape(lexed.normalized(), List.copyOf(literals));
    }

    /** {@code literals}: null to only normalize; else collects the literals, and the pass gives null for a statement without a shape. */
    private static Lexed pass(String sql, List<String> literals) {
        int n = sql.length();
        StringBuilder out = new StringBuilder(n);
        String first = null;
        boolean namesTables = false;
        boolean afterSemicolon = false;
        boolean multi = false;
        boolean modeDependent = false;
        boolean inExecutableComment = false;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (afterSemicolon && c != ';' && !Character.isWhitespace(c)) {
                multi = true;
            }
            if (c == ';') {
                afterSemicolon = true;
            }
            if (c == '\'' || c == '"') {
                int end = skipQuoted(sql, i, c);
                if (!modeDependent && (c == '"' || hasBackslash(sql, i, end))) {
                    modeDependent = true;
                }
                if (literals != null) {
                    if (prevIsWordChar(out)) {
                        return null;
                    }
                    literals.add(sql.substring(i, end));
                }
                i = end;
                out.append('?');
            } else if (c == '`') {
                int end = skipQuoted(sql, i, '`');
                out.append(sql, i, end);
                i = end;
            } else if (c == '#' || (c == '-' && startsLineComment(sql, i))) {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
                out.append(' ');
            } else if (c == '*' && inExecutableComment && i + 1 < n && sql.charAt(i + 1) == '/') {
                inExecutableComment = false;
                out.append(' ');
                i += 2;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int content = executableCommentContent(sql, i);
                if (content >= 0 && !inExecutableComment) {
                    // MySQL runs /*! ... */, /*!50000 ... */ and MariaDB /*M! ... */: their content is lexed as SQL
                    // (a version above the server's is skipped by the server, but counting it errs on the safe side)
                    inExecutableComment = true;
                    out.append(' ');
                    i = content;
                    continue;
                }
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                out.append(' ');
                i = end;
            } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(sql.charAt(i + 1)) && !prevIsWordChar(out))) {
                if (prevIsWordChar(out)) {
                    // a digit inside an identifier such as t1
                    out.append(c);
                    i++;
                } else {
                    int end = skipNumber(sql, i);
                    if (literals != null) {
                        literals.add(sql.substring(i, end));
                    }
                    i = end;
                    out.append('?');
                }
            } else if (isWordStart(c)) {
                int start = i;
                while (i < n && isWordChar(sql.charAt(i))) {
                    i++;
                }
                // no String per word: the tablet lexes every text statement it runs
                if (first == null) {
                    first = sql.substring(start, i).toUpperCase(Locale.ROOT);
                }
                if (!namesTables && introducesTable(sql, start, i)) {
                    namesTables = true;
                }
                out.append(sql, start, i);
            } else {
                if (c == '?' && literals != null) {
                    return null;
                }
                out.append(c);
                i++;
            }
        }
        String normalized = out.toString().strip();
        return new Lexed(normalized, first == null ? "" : first, namesTables, multi, calledNames(normalized), modeDependent);
    }

    /**
     * Names followed by {@code (} in normalized text, where comments are already spaces: {@code f(}, {@code f (},
     * {@code `f`(} and {@code db.f(} all call {@code f}.
     */
    private static List<String> calledNames(String normalized) {
        List<String> called = List.of();
        int n = normalized.length();
        int i = 0;
        while (i < n) {
            char c = normalized.charAt(i);
            int start;
            int end;
            if (c == '`') {
                start = i + 1;
                end = skipQuoted(normalized, i, '`');
                i = end;
                end = Math.max(start, end - 1);
            } else if (isWordStart(c)) {
                start = i;
                while (i < n && isWordChar(normalized.charAt(i))) {
                    i++;
                }
                end = i;
            } else {
                i++;
                continue;
            }
            int k = i;
            while (k < n && Character.isWhitespace(normalized.charAt(k))) {
                k++;
            }
            if (k < n && normalized.charAt(k) == '(') {
                if (called.isEmpty()) {
                    called = new ArrayList<>(2);
                }
                called.add(normalized.substring(start, end).replace("``", "`").toLowerCase(Locale.ROOT));
            }
        }
        return called;
    }

    /**
     * Whether {@code at} is in the statement's code: {@code at} itself when it is, else the end of the string,
     * quoted name or comment it lies in (the text of an executable comment is code). For rewrites that find a
     * function by pattern and must leave the same words inside a string alone.
     */
    public static int quotedOrCommentEnd(String sql, int at) {
        int n = sql.length();
        int i = 0;
        while (i < n && i <= at) {
            char c = sql.charAt(i);
            int end = i;
            if (c == '\'' || c == '"' || c == '`') {
                end = skipQuoted(sql, i, c);
            } else if (c == '#' || (c == '-' && startsLineComment(sql, i))) {
                int nl = sql.indexOf('\n', i);
                end = nl < 0 ? n : nl + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int content = executableCommentContent(sql, i);
                if (content >= 0) {
                    i = content;  // /*!40101 SET ... */: its text is code
                    continue;
                }
                int close = sql.indexOf("*/", i + 2);
                end = close < 0 ? n : close + 2;
            }
            if (end > i) {
                if (at < end) {
                    return end;
                }
                i = end;
            } else {
                i++;
            }
        }
        return at;
    }

    /** Where the SQL inside an executable comment starting at {@code i} begins, or -1 for an ordinary comment. */
    private static int executableCommentContent(String sql, int i) {
        int j = i + 2;
        int n = sql.length();
        if (j < n && (sql.charAt(j) == 'M' || sql.charAt(j) == 'm') && j + 1 < n && sql.charAt(j + 1) == '!') {
            j++;
        }
        if (j >= n || sql.charAt(j) != '!') {
            return -1;
        }
        j++;
        while (j < n && isDigit(sql.charAt(j))) {
            j++;
        }
        return j;
    }

    /**
     * The statements of a multi-statement text, split at each {@code ;} outside strings, quoted names and
     * comments (the text as {@link #lex} normalized it: literals are {@code ?}, comments gone).
     */
    public static List<String> splitNormalized(String normalized) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int n = normalized.length();
        int i = 0;
        while (i < n) {
            char c = normalized.charAt(i);
            if (c == '`') {
                i = skipQuoted(normalized, i, '`');
            } else if (c == ';') {
                String part = normalized.substring(start, i).strip();
                if (!part.isEmpty()) {
                    out.add(part);
                }
                start = ++i;
            } else {
                i++;
            }
        }
        String last = normalized.substring(start).strip();
        if (!last.isEmpty()) {
            out.add(last);
        }
        return out;
    }

    /**
     * The MariaDB version executable comments are compared with when text is cut into statements: the tablets'
     * MariaDB (10.11) runs {@code /*!NNNNN ...*}{@code /} and {@code /*M!NNNNNN ...*}{@code /} up to its own
     * version and reads a comment naming a later one as a comment.
     */
    public static final int SERVER_VERSION = 101100;
    /** MariaDB reads {@code /*!NNNNN} of MySQL 5.7 and later (50700..99999) as MySQL's own: a comment. */
    private static final int MYSQL_ONLY_FROM = 50700;

    /**
     * One COM_QUERY's text cut into statements where MariaDB cuts it: at each {@code ;} outside strings, quoted
     * names and comments (the SQL inside an executable comment is read as SQL), except inside the body of a stored
     * program ({@code CREATE PROCEDURE/FUNCTION/TRIGGER/EVENT ... BEGIN ...; ... END}, MariaDB's
     * {@code BEGIN NOT ATOMIC ... END}), whose {@code ;}s belong to it. As MariaDB, blanks and {@code ;}s at the
     * end of the text are dropped first, and each statement after the first starts after the blanks that follow
     * its {@code ;}.
     *
     * @param texts       the statements as written, without their {@code ;} and surrounding blanks; one that is
     *                    only comments can only be the last (MariaDB answers it as an empty statement)
     * @param firstTokens where each statement's first token is in {@code sql} (inside an executable comment: the
     *                    SQL's first word); -1 for a statement of comments only
     * @param strayAt     where a {@code ;} with more text after it follows the last statement's {@code ;} (or only
     *                    comments), which MariaDB refuses as a syntax error; -1 when none
     */
    public record Statements(List<String> texts, List<Integer> firstTokens, int strayAt) {
        /** The text is one statement (possibly with {@code ;} and blanks after it): it runs as it was sent. */
        public boolean single() {
            return texts.size() <= 1 && strayAt < 0;
        }

        /**
         * Where MariaDB, with multi-statements off, finds text after the first statement and refuses it with a
         * syntax error: the second statement's first token, or a stray {@code ;}; -1 when nothing but comments follows.
         */
        public int beyondFirst() {
            return texts.size() > 1 ? firstTokens.get(1) : strayAt;  // only the last statement can be comments only
        }
    }

    /** Cuts {@code sql} into statements; see {@link Statements}. */
    public static Statements split(String sql) {
        int end = sql.length();
        while (end > 0 && (sql.charAt(end - 1) == ';' || isBlank(sql.charAt(end - 1)))) {
            end--;
        }
        List<String> texts = new ArrayList<>(4);
        List<Integer> tokens = new ArrayList<>(4);
        int pos = 0;
        while (pos < end) {
            int s = pos;
            while (s < end && isBlank(sql.charAt(s))) {
                s++;
            }
            if (s < end && sql.charAt(s) == ';') {
                return new Statements(texts, tokens, s);
            }
            long scanned = statementEnd(sql, s, end);
            int stop = (int) (scanned >>> 32);
            int first = (int) scanned;
            if (first < 0 && stop < end) {
                return new Statements(texts, tokens, stop);  // comments, then a ';': MariaDB finds no statement before it
            }
            int e = stop;
            while (e > s && isBlank(sql.charAt(e - 1))) {
                e--;
            }
            texts.add(sql.substring(s, e));
            tokens.add(first);
            pos = stop + 1;
        }
        return new Statements(texts, tokens, -1);
    }

    /**
     * Reads one statement from {@code s}: the index of the {@code ;} that ends it (or {@code end}) in the high
     * 32 bits, its first token (-1: none) in the low 32 bits.
     */
    private static long statementEnd(String sql, int s, int end) {
        int i = s;
        int first = -1;
        int words = 0;
        boolean definition = false;  // CREATE or ALTER: a stored program's definition when one of its words says so
        boolean beginFirst = false;
        boolean compound = false;
        int depth = 0;
        boolean afterEnd = false;
        boolean endCounted = false;
        boolean inComment = false;
        while (i < end) {
            char c = sql.charAt(i);
            if (isBlank(c)) {
                i++;
                continue;
            }
            if (c == '#' || (c == '-' && startsLineComment(sql, i))) {
                while (i < end && sql.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '*' && inComment && i + 1 < end && sql.charAt(i + 1) == '/') {
                inComment = false;
                i += 2;
                continue;
            }
            if (c == '/' && i + 1 < end && sql.charAt(i + 1) == '*') {
                int content = inComment ? -1 : runnableCommentContent(sql, i, end);
                if (content >= 0) {
                    inComment = true;
                    i = content;
                } else {
                    int close = sql.indexOf("*/", i + 2);
                    i = close < 0 || close >= end ? end : close + 2;
                }
                continue;
            }
            if (first < 0) {
                first = i;
            }
            if (c == ';') {
                if (!compound || depth <= 0) {
                    return ((long) i << 32) | (first == i ? -1 : first) & 0xffffffffL;
                }
                afterEnd = false;
                i++;
            } else if (c == '\'' || c == '"' || c == '`') {
                afterEnd = false;
                i = Math.min(end, skipQuoted(sql, i, c));
            } else if (isWordStart(c)) {
                int w = i;
                while (i < end && isWordChar(sql.charAt(i))) {
                    i++;
                }
                words++;
                if (words == 1) {
                    definition = word(sql, w, i, "create") || word(sql, w, i, "alter");
                    beginFirst = word(sql, w, i, "begin");
                } else if (words == 2 && beginFirst && word(sql, w, i, "not")) {
                    compound = true;  // BEGIN NOT ATOMIC: MariaDB's compound statement outside a stored program
                    depth = 1;
                    continue;
                }
                if (definition && !compound && (word(sql, w, i, "procedure") || word(sql, w, i, "function")
                        || word(sql, w, i, "trigger") || word(sql, w, i, "event") || word(sql, w, i, "package"))) {
                    compound = true;
                    continue;
                }
                if (!compound) {
                    continue;
                }
                if (afterEnd) {
                    afterEnd = false;
                    if (word(sql, w, i, "if") || word(sql, w, i, "loop") || word(sql, w, i, "while")
                            || word(sql, w, i, "repeat") || word(sql, w, i, "for")) {
                        if (endCounted) {
                            depth++;  // END IF and the like close no BEGIN
                        }
                        continue;
                    }
                    if (word(sql, w, i, "case")) {
                        continue;  // END CASE closes the CASE counted below
                    }
                }
                if (word(sql, w, i, "begin") || word(sql, w, i, "case")) {
                    depth++;
                } else if (word(sql, w, i, "end")) {
                    afterEnd = true;
                    endCounted = depth > 0;
                    if (endCounted) {
                        depth--;
                    }
                }
            } else {
                afterEnd = false;
                i++;
            }
        }
        return ((long) end << 32) | first & 0xffffffffL;
    }

    /**
     * Where the SQL of an executable comment at {@code i} starts (after its version and blanks) when MariaDB
     * runs it; -1 for an ordinary comment, one naming a version after {@link #SERVER_VERSION}, or MySQL 5.7's and
     * later's {@code /*!NNNNN} (50700..99999), which MariaDB skips as not meant for it.
     */
    private static int runnableCommentContent(String sql, int i, int end) {
        int j = i + 2;
        boolean mariadb = j + 1 < end && (sql.charAt(j) == 'M' || sql.charAt(j) == 'm') && sql.charAt(j + 1) == '!';
        if (mariadb) {
            j++;
        }
        if (j >= end || sql.charAt(j) != '!') {
            return -1;
        }
        j++;
        int digits = j;
        while (j < end && j - digits < 6 && isDigit(sql.charAt(j))) {
            j++;
        }
        int version = j > digits ? Integer.parseInt(sql, digits, j, 10) : 0;
        if (version > SERVER_VERSION || (!mariadb && j - digits == 5 && version >= MYSQL_ONLY_FROM)) {
            return -1;
        }
        return j;
    }

    /** Whether {@code sql[start, end)} is {@code lower}, ignoring case. */
    private static boolean word(String sql, int start, int end, String lower) {
        return end - start == lower.length() && sql.regionMatches(true, start, lower, 0, lower.length());
    }

    /** The blanks MariaDB skips between statements: space, tab, newline, vertical tab, form feed, carriage return. */
    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == 0x0c;
    }

    /** Whether {@code sql[start, end)} is a word that introduces a table (compared as equalsIgnoreCase does). */
    private static boolean introducesTable(String sql, int start, int end) {
        return switch (end - start) {
            case 4 -> is(sql, start, "from") || is(sql, start, "join") || is(sql, start, "into");
            case 5 -> is(sql, start, "table");
            case 6 -> is(sql, start, "update") || is(sql, start, "tables");
            default -> false;
        };
    }

    private static boolean is(String sql, int start, String word) {
        return sql.regionMatches(true, start, word, 0, word.length());
    }

    private static boolean startsLineComment(String sql, int i) {
        // "-- " starts a comment only when followed by whitespace or the end (MySQL rule)
        if (i + 1 >= sql.length() || sql.charAt(i + 1) != '-') {
            return false;
        }
        return i + 2 >= sql.length() || Character.isWhitespace(sql.charAt(i + 2));
    }

    /** Where the string or quoted name opened at {@code i} ends: after its closing quote, or at the end. */
    public static int skipQuoted(String sql, int i, char quote) {
        int n = sql.length();
        int j = i + 1;
        while (j < n) {
            char c = sql.charAt(j);
            if (c == '\\' && quote != '`') {
                j += 2;
                continue;
            }
            if (c == quote) {
                if (j + 1 < n && sql.charAt(j + 1) == quote) {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j++;
        }
        return n;
    }

    private static int skipNumber(String sql, int i) {
        int n = sql.length();
        if (sql.charAt(i) == '0' && i + 1 < n && (sql.charAt(i + 1) == 'x' || sql.charAt(i + 1) == 'X' || sql.charAt(i + 1) == 'b' || sql.charAt(i + 1) == 'B')) {
            int j = i + 2;
            while (j < n && Character.isLetterOrDigit(sql.charAt(j))) {
                j++;
            }
            return j;
        }
        int j = i;
        while (j < n && (isDigit(sql.charAt(j)) || sql.charAt(j) == '.')) {
            j++;
        }
        if (j < n && (sql.charAt(j) == 'e' || sql.charAt(j) == 'E')) {
            int k = j + 1;
            if (k < n && (sql.charAt(k) == '+' || sql.charAt(k) == '-')) {
                k++;
            }
            if (k < n && isDigit(sql.charAt(k))) {
                j = k;
                while (j < n && isDigit(sql.charAt(j))) {
                    j++;
                }
            }
        }
        return j;
    }

    private static boolean prevIsWordChar(StringBuilder out) {
        return out.length() > 0 && isWordChar(out.charAt(out.length() - 1));
    }

    private static boolean hasBackslash(String sql, int from, int to) {
        for (int j = from; j < to; j++) {
            if (sql.charAt(j) == '\\') {
                return true;
            }
        }
        return false;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '$' || c == '@';
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '@';
    }
}
