package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.MysqlError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed {@code LOAD DATA LOCAL INFILE} statement: which file, which table and columns, and how the
 * file's fields and lines are written. What the gateway cannot do as MySQL would (a file on the server,
 * SET expressions, user variables as columns) is refused with 1235. Pure.
 *
 * @param table        the table, possibly {@code keyspace.table}, as written (backquotes kept)
 * @param columns      the column list as written, or empty for all columns in order
 * @param modifier     "", "ignore" or "replace"
 * @param enclosedBy   -1 when fields are not enclosed
 * @param escapedBy    -1 when there is no escape character
 */
record LoadDataStatement(String fileName, String table, List<String> columns, String modifier,
                         byte[] fieldsTerminatedBy, int enclosedBy, boolean optionallyEnclosed, int escapedBy,
                         byte[] linesStartingBy, byte[] linesTerminatedBy, long ignoreLines) {

    /** Whether {@code sql} is a LOAD DATA statement (the first word is "load"). */
    static boolean is(String word, String sql) {
        return word.equals("load") && sql.strip().toLowerCase(Locale.ROOT).matches("(?s)load\\s+(data|xml)\\b.*");
    }

    static LoadDataStatement parse(String sql) {
        Tokens t = new Tokens(sql);
        t.expect("load");
        if (t.peekWord("xml")) {
            throw unsupported("LOAD XML; load the rows as CSV with LOAD DATA LOCAL INFILE");
        }
        t.expect("data");
        t.skipWords("low_priority", "concurrent");
        if (!t.acceptWord("local")) {
            throw unsupported("LOAD DATA INFILE of a file on the server; the gateway loads a client's file: LOAD DATA LOCAL INFILE");
        }
        t.expect("infile");
        String file = new String(t.string(), StandardCharsets.UTF_8);
        String modifier = t.acceptWord("replace") ? "replace" : t.acceptWord("ignore") ? "ignore" : "";
        t.expect("into");
        t.expect("table");
        String table = t.name();
        if (t.acceptWord("partition")) {
            throw unsupported("LOAD DATA into a PARTITION");
        }
        if (t.acceptWord("character")) {
            t.expect("set");
            String cs = t.word();
            if (!cs.equals("utf8mb4") && !cs.equals("utf8") && !cs.equals("utf8mb3") && !cs.equals("binary")) {
                throw unsupported("LOAD DATA CHARACTER SET " + cs + "; convert the file to utf8mb4");
            }
        } else if (t.acceptWord("charset")) {
            t.word();
        }
        byte[] fieldsTerm = {'\t'};
        int enclosed = -1;
        boolean optionally = false;
        int escaped = '\\';
        if (t.acceptWord("fields") || t.acceptWord("columns")) {
            while (true) {
                if (t.acceptWord("terminated")) {
                    t.expect("by");
                    fieldsTerm = t.string();
                } else if (t.acceptWord("optionally")) {
                    optionally = true;
                    t.expect("enclosed");
                    t.expect("by");
                    enclosed = oneByte(t.string(), "ENCLOSED BY");
                } else if (t.acceptWord("enclosed")) {
                    t.expect("by");
                    enclosed = oneByte(t.string(), "ENCLOSED BY");
                } else if (t.acceptWord("escaped")) {
                    t.expect("by");
                    escaped = oneByte(t.string(), "ESCAPED BY");
                } else {
                    break;
                }
            }
        }
        byte[] starting = {};
        byte[] linesTerm = {'\n'};
        if (t.acceptWord("lines")) {
            while (true) {
                if (t.acceptWord("starting")) {
                    t.expect("by");
                    starting = t.string();
                } else if (t.acceptWord("terminated")) {
                    t.expect("by");
                    linesTerm = t.string();
                } else {
                    break;
                }
            }
        }
        long ignore = 0;
        if (t.acceptWord("ignore")) {
            ignore = Long.parseLong(t.word());
            if (!t.acceptWord("lines")) {
                t.expect("rows");
            }
        }
        List<String> columns = new ArrayList<>();
        if (t.accept('(')) {
            do {
                if (t.peek('@')) {
                    throw unsupported("user variables in the column list of LOAD DATA; load into the columns themselves");
                }
                columns.add(t.name());
            } while (t.accept(','));
            t.expect(')');
        }
        if (t.acceptWord("set")) {
            throw unsupported("LOAD DATA ... SET; load the columns as they are, then UPDATE");
        }
        t.end();
        if (fieldsTerm.length == 0 || linesTerm.length == 0) {
            throw unsupported("empty FIELDS or LINES TERMINATED BY (fixed-width rows)");
        }
        return new LoadDataStatement(file, table, List.copyOf(columns), modifier, fieldsTerm, enclosed, optionally, escaped,
                starting, linesTerm, ignore);
    }

    private static int oneByte(byte[] s, String clause) {
        if (s.length > 1) {
            throw unsupported(clause + " of more than one character");
        }
        return s.length == 0 ? -1 : s[0] & 0xff;
    }

    static RuntimeException unsupported(String what) {
        return MysqlError.notSupported("unsupported: " + what).exception();
    }

    /** A small lexer for the LOAD DATA grammar: words, names, quoted strings with MySQL escapes, punctuation. */
    private static final class Tokens {
        private final String s;
        private int i;

        Tokens(String s) {
            this.s = s;
        }

        private void space() {
            while (i < s.length() && (Character.isWhitespace(s.charAt(i)) || s.charAt(i) == ';')) {
                i++;
            }
        }

        boolean peekWord(String w) {
            space();
            int end = i;
            while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
                end++;
            }
            return s.substring(i, end).equalsIgnoreCase(w);
        }

        boolean acceptWord(String w) {
            if (peekWord(w)) {
                i += w.length();
                return true;
            }
            return false;
        }

        void skipWords(String... words) {
            for (String w : words) {
                acceptWord(w);
            }
        }

        void expect(String w) {
            if (!acceptWord(w)) {
                throw syntax("expected " + w.toUpperCase(Locale.ROOT));
            }
        }

        String word() {
            space();
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            if (start == i) {
                throw syntax("expected a word");
            }
            return s.substring(start, i).toLowerCase(Locale.ROOT);
        }

        boolean peek(char c) {
            space();
            return i < s.length() && s.charAt(i) == c;
        }

        boolean accept(char c) {
            if (peek(c)) {
                i++;
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!accept(c)) {
                throw syntax("expected " + c);
            }
        }

        /** A table or column name: {@code a}, {@code `a b`}, {@code ks.t}; returned as written. */
        String name() {
            space();
            int start = i;
            do {
                if (i < s.length() && s.charAt(i) == '`') {
                    int end = s.indexOf('`', i + 1);
                    while (end >= 0 && end + 1 < s.length() && s.charAt(end + 1) == '`') {
                        end = s.indexOf('`', end + 2);
                    }
                    if (end < 0) {
                        throw syntax("unterminated name");
                    }
                    i = end + 1;
                } else {
                    int w = i;
                    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '$')) {
                        i++;
                    }
                    if (w == i) {
                        throw syntax("expected a name");
                    }
                }
            } while (i < s.length() && s.charAt(i) == '.' && ++i > 0);
            return s.substring(start, i);
        }

        /** A quoted string, its escapes applied, as UTF-8 bytes. */
        byte[] string() {
            space();
            if (i >= s.length() || (s.charAt(i) != '\'' && s.charAt(i) != '"')) {
                throw syntax("expected a quoted string");
            }
            char q = s.charAt(i++);
            StringBuilder out = new StringBuilder();
            while (true) {
                if (i >= s.length()) {
                    throw syntax("unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '\\' && i < s.length()) {
                    char n = s.charAt(i++);
                    out.append(switch (n) {
                        case '0' -> '\0';
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        case 't' -> '\t';
                        case 'b' -> '\b';
                        case 'Z' -> (char) 26;
                        default -> n;
                    });
                } else if (c == q) {
                    if (i < s.length() && s.charAt(i) == q) {
                        out.append(q);
                        i++;
                    } else {
                        return out.toString().getBytes(StandardCharsets.UTF_8);
                    }
                } else {
                    out.append(c);
                }
            }
        }

        void end() {
            space();
            if (i < s.length()) {
                throw syntax("unexpected '" + s.substring(i, Math.min(s.length(), i + 20)) + "'");
            }
        }

        private RuntimeException syntax(String what) {
            return MysqlError.syntax("LOAD DATA: " + what + " at character " + i).exception();
        }
    }
}
