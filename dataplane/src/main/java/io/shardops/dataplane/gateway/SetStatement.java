package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.MysqlException;
import io.shardops.dataplane.mysql.StatementText;
import io.shardops.spec.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A {@code SET} statement, read into what the gateway does with each assignment. System variables, character
 * sets and the session's transaction characteristics are carried on the backend connections that run the
 * session's statements; user variables likewise; autocommit is kept by the gateway itself. What the gateway
 * cannot carry is refused (1235) naming the setting and what to do, never answered OK and dropped.
 *
 * @param assignments in the order written
 */
public record SetStatement(List<Assignment> assignments) {

    public SetStatement {
        assignments = List.copyOf(assignments);
    }

    /** One assignment of a SET. */
    public sealed interface Assignment {}

    /** {@code autocommit = 0|1|ON|OFF}: the gateway's own transaction mode. */
    public record Autocommit(boolean on) implements Assignment {}

    /**
     * Session state MariaDB keeps: sent to a backend as {@code text} (a valid SET assignment), then the
     * session's values of {@code readBack} (expressions such as {@code @@session.time_zone} or {@code @x})
     * are read and carried from then on, keyed by {@code keys}.
     */
    public record Carried(String text, List<String> keys, List<String> readBack) implements Assignment {
        public Carried {
            keys = List.copyOf(keys);
            readBack = List.copyOf(readBack);
        }
    }

    /**
     * Values the gateway knows without asking MariaDB (what every connection starts with, as pools set it on
     * each connection): no round trip.
     */
    public record Known(Map<String, String> values) implements Assignment {
        public Known {
            values = Map.copyOf(values);
        }
    }

    /** {@code SET TRANSACTION ...} without a scope: the characteristics of the session's next transaction only. */
    public record NextTransaction(String characteristics) implements Assignment {}

    /** Whether any assignment needs a backend. */
    public boolean carriesState() {
        return assignments.stream().anyMatch(a -> a instanceof Carried);
    }

    /** The character-set variables {@code SET NAMES} and {@code SET CHARACTER SET} change. */
    static final List<String> CHARSET_VARIABLES = List.of("character_set_client", "character_set_results",
            "character_set_connection", "collation_connection");
    /** Variables whose effect is one statement or one id: carrying them across pooled connections would be wrong. */
    private static final Set<String> ONE_SHOT = Set.of("insert_id", "last_insert_id", "identity", "rand_seed1", "rand_seed2");
    private static final Set<String> SCOPES = Set.of("global", "session", "local", "persist", "persist_only");

    /** Reads a statement starting with SET; throws a {@link io.shardops.dataplane.mysql.MysqlException} for what is refused. */
    public static SetStatement parse(String sql) {
        Scanner s = new Scanner(sql);
        s.word();  // SET
        String scope = "session";
        List<Assignment> out = new ArrayList<>();
        do {
            s.skipSpace();
            int start = s.pos;
            String word = s.peekWord().toLowerCase(Locale.ROOT);
            boolean scopeWritten = false;
            if (SCOPES.contains(word)) {
                s.word();
                scope = word;
                scopeWritten = true;
                s.skipSpace();
                start = s.pos;
                word = s.peekWord().toLowerCase(Locale.ROOT);
            }
            switch (word) {
                case "names" -> {
                    s.word();
                    String names = s.expression().strip();
                    String plain = names.replace("'", "").replace("\"", "").replace("`", "").replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
                    if (plain.equals("utf8mb4") || plain.equals("utf8mb4 collate utf8mb4_general_ci")) {
                        out.add(new Known(Map.of("character_set_client", "'utf8mb4'", "character_set_results", "'utf8mb4'",
                                "character_set_connection", "'utf8mb4'", "collation_connection", "'utf8mb4_general_ci'")));
                    } else {
                        out.add(new Carried("NAMES " + names, CHARSET_VARIABLES, sessionReads(CHARSET_VARIABLES)));
                    }
                    continue;
                }
                case "character", "charset" -> {
                    s.word();
                    if (word.equals("character") && !s.word().equalsIgnoreCase("set")) {
                        throw refused(sql, "SET CHARACTER without SET", "write SET CHARACTER SET name");
                    }
                    out.add(new Carried("CHARACTER SET " + s.expression().strip(), CHARSET_VARIABLES, sessionReads(CHARSET_VARIABLES)));
                    continue;
                }
                case "transaction" -> {
                    s.word();
                    String rest = s.rest();
                    if (scope.equals("global") || scope.startsWith("persist")) {
                        throw refused(sql, "SET GLOBAL TRANSACTION", "set the tablets' server defaults in their configuration,"
                                + " or use SET SESSION TRANSACTION for this session");
                    }
                    if (scopeWritten && (scope.equals("session") || scope.equals("local"))) {
                        List<String> keys = List.of("tx_isolation", "tx_read_only");
                        out.add(new Carried("SESSION TRANSACTION " + rest, keys, sessionReads(keys)));
                    } else {
                        out.add(new NextTransaction(rest));
                    }
                    return new SetStatement(out);
                }
                case "password", "role", "default", "statement" -> throw refused(sql, "SET " + word.toUpperCase(Locale.ROOT),
                        word.equals("statement") ? "run the SET and the statement separately" : "connect to the tablet's MariaDB directly for account changes");
                default -> { }
            }
            if (s.peek() == '@' && s.peekAt(1) != '@') {
                String name = s.userVariable();
                s.assignmentOperator(sql);
                String expr = s.expression().strip();
                String key = "@" + name.toLowerCase(Locale.ROOT);
                String ref = "@" + Sql.identifier(name);
                out.add(new Carried(ref + " = " + expr, List.of(key), List.of(ref)));
                continue;
            }
            String varScope = scope;
            if (s.peek() == '@' && s.peekAt(1) == '@') {
                s.pos += 2;
                String first = s.word();
                if (s.peek() == '.') {
                    s.pos++;
                    varScope = first.toLowerCase(Locale.ROOT);
                    first = s.word();
                }
                word = first.toLowerCase(Locale.ROOT);
            } else {
                word = s.word().toLowerCase(Locale.ROOT);
            }
            if (word.isEmpty() || !word.matches("[a-z0-9_]+")) {
                throw MysqlError.syntax("syntax error in SET near '" + StatementText.readable(sql.substring(start)) + "'").exception();
            }
            if (!varScope.equals("session") && !varScope.equals("local")) {
                throw refused(sql, "SET " + varScope.toUpperCase(Locale.ROOT) + " " + word,
                        "server-wide variables are set in the tablets' configuration; set it for this session with SET SESSION " + word);
            }
            if (ONE_SHOT.contains(word)) {
                throw refused(sql, "SET " + word, "give the id or seed in the statement itself");
            }
            s.assignmentOperator(sql);
            String expr = s.expression().strip();
            if (word.equals("autocommit")) {
                out.add(new Autocommit(autocommitValue(sql, expr)));
                continue;
            }
            String ref = "@@session." + word;
            out.add(new Carried(ref + " = " + expr, List.of(word), List.of(ref)));
        } while (s.comma());
        s.skipSpace();
        if (!s.atEnd()) {
            throw MysqlError.syntax("syntax error in SET near '" + StatementText.readable(sql.substring(s.pos)) + "'").exception();
        }
        return new SetStatement(out);
    }

    private static List<String> sessionReads(List<String> names) {
        return names.stream().map(n -> "@@session." + n).toList();
    }

    private static boolean autocommitValue(String sql, String expr) {
        String v = expr.replace("'", "").replace("\"", "").strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "1", "on", "true" -> true;
            case "0", "off", "false" -> false;
            default -> throw refused(sql, "SET autocommit = " + StatementText.readable(expr), "write 0, 1, ON or OFF");
        };
    }

    static MysqlException refused(String sql, String what, String todo) {
        return MysqlError.notSupported("unsupported through the gateway: " + what + " (in '"
                + StatementText.readable(sql.strip()) + "'); " + todo).exception();
    }

    /** Just enough of MySQL's lexical rules to split a SET into its assignments. */
    private static final class Scanner {
        final String sql;
        final int end;
        int pos;

        Scanner(String sql) {
            this.sql = sql;
            int e = sql.length();
            while (e > 0 && (Character.isWhitespace(sql.charAt(e - 1)) || sql.charAt(e - 1) == ';')) {
                e--;
            }
            this.end = e;
        }

        char peek() {
            return peekAt(0);
        }

        char peekAt(int k) {
            return pos + k < end ? sql.charAt(pos + k) : 0;
        }

        boolean atEnd() {
            return pos >= end;
        }

        void skipSpace() {
            while (pos < end) {
                char c = sql.charAt(pos);
                if (Character.isWhitespace(c)) {
                    pos++;
                } else if (c == '/' && peekAt(1) == '*' && peekAt(2) != '!') {
                    int close = sql.indexOf("*/", pos + 2);
                    pos = close < 0 ? end : close + 2;
                } else {
                    break;
                }
            }
        }

        String peekWord() {
            int save = pos;
            String w = word();
            pos = save;
            return w;
        }

        String word() {
            skipSpace();
            int start = pos;
            while (pos < end && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '_' || sql.charAt(pos) == '$')) {
                pos++;
            }
            return sql.substring(start, pos);
        }

        /** After {@code @}: a plain, backquoted or quoted name. */
        String userVariable() {
            pos++;
            char c = peek();
            if (c == '`' || c == '\'' || c == '"') {
                int close = sql.indexOf(c, pos + 1);
                if (close < 0 || close >= end) {
                    throw MysqlError.syntax("unterminated user variable name in SET").exception();
                }
                String name = sql.substring(pos + 1, close);
                pos = close + 1;
                return name;
            }
            int start = pos;
            while (pos < end && (Character.isLetterOrDigit(sql.charAt(pos)) || "_$.".indexOf(sql.charAt(pos)) >= 0)) {
                pos++;
            }
            if (start == pos) {
                throw MysqlError.syntax("user variable without a name in SET").exception();
            }
            return sql.substring(start, pos);
        }

        void assignmentOperator(String whole) {
            skipSpace();
            if (peek() == '=') {
                pos++;
            } else if (peek() == ':' && peekAt(1) == '=') {
                pos += 2;
            } else {
                throw MysqlError.syntax("syntax error in SET: expected = near '" + StatementText.readable(whole.substring(pos)) + "'").exception();
            }
        }

        /** The expression up to a top-level comma or the end. */
        String expression() {
            int start = pos;
            int depth = 0;
            while (pos < end) {
                char c = sql.charAt(pos);
                if (c == '\'' || c == '"' || c == '`') {
                    pos = skipQuoted(c);
                    continue;
                }
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                } else if (c == ',' && depth == 0) {
                    break;
                }
                pos++;
            }
            String expr = sql.substring(start, pos);
            if (expr.isBlank()) {
                throw MysqlError.syntax("syntax error in SET: a value is missing").exception();
            }
            return expr;
        }

        String rest() {
            String r = sql.substring(pos, end).strip();
            pos = end;
            return r;
        }

        boolean comma() {
            skipSpace();
            if (peek() == ',') {
                pos++;
                return true;
            }
            return false;
        }

        private int skipQuoted(char quote) {
            int j = pos + 1;
            while (j < end) {
                char c = sql.charAt(j);
                if (c == '\\' && quote != '`') {
                    j += 2;
                    continue;
                }
                if (c == quote) {
                    if (j + 1 < end && sql.charAt(j + 1) == quote) {
                        j += 2;
                        continue;
                    }
                    return j + 1;
                }
                j++;
            }
            return end;
        }
    }
}
