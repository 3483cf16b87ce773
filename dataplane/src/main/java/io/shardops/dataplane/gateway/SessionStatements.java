package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.SqlLexer;
import io.shardops.spec.sql.Sql;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Statements about the session rather than data: USE, transaction control, SET, and SELECTs without FROM. */
final class SessionStatements {
    private static final Pattern KILL = Pattern.compile("(?is)\\s*kill\\s+(?:(?:hard|soft)\\s+)?(?:(query|connection)\\s+)?(\\d{1,19})\\s*;?\\s*");
    private static final Pattern LAST_INSERT_ID = Pattern.compile(
            "(?is)\\s*select\\s+(last_insert_id\\s*\\(\\s*\\)|connection_id\\s*\\(\\s*\\)|@@(?:session\\.)?(?:identity|last_insert_id))(?:\\s+(?:as\\s+)?(`[^`]+`|'[^']+'|\"[^\"]+\"|\\w+))?\\s*;?\\s*");
    private static final Pattern BEGIN_TRANSACTION = Pattern.compile("(?is)^(?:\\s|/\\*(?!!).*?\\*/)*begin(?:\\s+work)?\\s*;?\\s*$");

    private SessionStatements() {}

    /** The route of a session statement starting with {@code word}; empty when the statement is not one. */
    static Optional<Route> route(Targets targets, String word, String sql, Target target) {
        return switch (word) {
            case "use" -> Optional.of(new Route.Use(targets.checkTarget(Target.parse(StatementWords.afterFirstWord(sql).replaceAll(";\\s*$", "")))));
            case "begin" -> {
                if (!BEGIN_TRANSACTION.matcher(sql).matches()) {
                    // BEGIN NOT ATOMIC ... END is a compound statement: answering OK as to BEGIN would say it ran
                    throw MysqlError.notSupported(
                            "unsupported: compound statements (BEGIN NOT ATOMIC ... END) through the gateway").exception();
                }
                yield Optional.of(new Route.Transaction(Route.Transaction.Kind.BEGIN));
            }
            case "start" -> sql.toLowerCase(Locale.ROOT).contains("transaction")
                    ? Optional.of(new Route.Transaction(Route.Transaction.Kind.BEGIN)) : Optional.empty();
            case "commit" -> Optional.of(new Route.Transaction(Route.Transaction.Kind.COMMIT));
            case "rollback" -> sql.toLowerCase(Locale.ROOT).contains(" to ")
                    ? Optional.empty() : Optional.of(new Route.Transaction(Route.Transaction.Kind.ROLLBACK));
            case "set" -> Optional.of(set(targets, sql, target));
            case "kill" -> Optional.of(kill(sql));
            case "select" -> mayReadSessionValue(sql) ? lastInsertId(sql) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /**
     * A SET: one autocommit switch stays the transaction route it always was; anything carrying session state
     * runs on the session's keyspace's first shard (or its explicit shard), where it is checked by MariaDB.
     */
    private static Route set(Targets targets, String sql, Target target) {
        SetStatement set = SetStatement.parse(sql);
        if (set.assignments().size() == 1 && set.assignments().get(0) instanceof SetStatement.Autocommit a) {
            return new Route.Transaction(a.on() ? Route.Transaction.Kind.AUTOCOMMIT_ON : Route.Transaction.Kind.AUTOCOMMIT_OFF);
        }
        ShardTarget where = set.carriesState() ? targets.shardOrFirst(targets.anyKeyspace(target), target) : null;
        return new Route.SetSession(where, set);
    }

    private static Route kill(String sql) {
        Matcher m = KILL.matcher(sql);
        if (!m.matches()) {
            throw SetStatement.refused(sql, "this form of KILL", "write KILL [QUERY | CONNECTION] connection-id, with the id"
                    + " from CONNECTION_ID() of the session to stop");
        }
        return new Route.Kill(Long.parseLong(m.group(2)), m.group(1) != null && m.group(1).equalsIgnoreCase("query"));
    }

    /** Cheap test before the pattern, as every SELECT passes here: the select list starts as one of its alternatives does. */
    private static boolean mayReadSessionValue(String sql) {
        if (sql.length() > 120) {
            return false;
        }
        int i = indexOfIgnoreCase(sql, "select") + 6;
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        if (i >= sql.length()) {
            return false;
        }
        // what LAST_INSERT_ID can match at its start; anything else (sysbench's "select c from") skips the pattern
        return sql.regionMatches(true, i, "last_insert_id", 0, 14) || sql.regionMatches(true, i, "connection_id", 0, 13)
                || sql.startsWith("@@", i);
    }

    /** Whether the statement is one {@link #lastInsertId} answers: its LAST_INSERT_ID() is left for that. */
    static boolean answeredAsSessionValue(String sql) {
        return lastInsertId(sql).isPresent();
    }

    /** {@code SELECT LAST_INSERT_ID()} (and synonyms) or {@code CONNECTION_ID()}, alone in the select list: the session's value, at the gateway. */
    private static Optional<Route> lastInsertId(String sql) {
        Matcher m = LAST_INSERT_ID.matcher(sql);
        if (!m.matches()) {
            return Optional.empty();
        }
        String label = m.group(2) != null ? m.group(2).replaceAll("^[`'\"]|[`'\"]$", "") : m.group(1).replaceAll("\\s+", "");
        Route.SessionValue.Kind kind = m.group(1).regionMatches(true, 0, "connection_id", 0, 13)
                ? Route.SessionValue.Kind.CONNECTION_ID : Route.SessionValue.Kind.LAST_INSERT_ID;
        return Optional.of(new Route.SessionValue(kind, label));
    }

    private static final Pattern ASSIGNS_USER_VARIABLE = Pattern.compile("(?is).*(@[\\w$.`'\"]+\\s*:=|\\binto\\s+@).*");

    /**
     * User variables live at the gateway (carried to each backend connection with the session's settings), so
     * one assigned inside a statement ({@code @x := 1}, {@code SELECT ... INTO @x}) would change only one
     * backend connection and be lost: refused, with SET as the way.
     */
    static void refuseUserVariableAssignment(String sql) {
        if (sql.indexOf('@') < 0 || (sql.indexOf(":=") < 0 && !containsIgnoreCase(sql, "into"))) {
            return;
        }
        String normalized = SqlLexer.lex(sql).normalized();  // string literals out of the way
        if (ASSIGNS_USER_VARIABLE.matcher(normalized).matches()) {
            throw SetStatement.refused(sql, "assigning a user variable inside a statement",
                    "assign it with SET @name = value (SET @name = (SELECT ...) for a query's value)");
        }
    }

    private static boolean containsIgnoreCase(String s, String word) {
        return indexOfIgnoreCase(s, word) >= 0;
    }

    private static int indexOfIgnoreCase(String s, String word) {
        int n = word.length();
        for (int i = 0; i + n <= s.length(); i++) {
            if (s.regionMatches(true, i, word, 0, n)) {
                return i;
            }
        }
        return -1;
    }

    private static final Pattern RESERVES = Pattern.compile(
            "(?is)\\s*(?:create\\s+(?:or\\s+replace\\s+)?temporary\\s|lock\\s+tables?\\s|prepare\\s|execute\\s|deallocate\\s|.*\\bget_lock\\s*\\().*");

    /**
     * Whether {@code sql} makes state that lives on one MariaDB connection and no pool can carry: a temporary
     * table, LOCK TABLES, a named lock (GET_LOCK), a SQL-level prepared statement. Such a session keeps its
     * connections from then on, as Vitess reserves them. Cheap for the statements that do not.
     */
    static boolean needsReservedConnection(String sql) {
        int i = 0;
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        if (i >= sql.length()) {
            return false;
        }
        char c = Character.toLowerCase(sql.charAt(i));
        boolean mayLock = sql.length() < 512 && sql.indexOf('(') >= 0 && containsIgnoreCase(sql, "get_lock");
        if (!mayLock && c != 'c' && c != 'l' && c != 'p' && c != 'e' && c != 'd') {
            return false;
        }
        // GET_LOCK written inside a string literal reserves nothing
        return RESERVES.matcher(sql).matches() && RESERVES.matcher(SqlLexer.lex(sql).normalized()).matches();
    }

    /** A SELECT without FROM (version, variables, functions): any tablet of the session's keyspace answers. */
    static Route chatter(Targets targets, String sql, Target target) {
        String ks = targets.anyKeyspace(target);
        String text = SessionFunctions.replace(sql, SessionFunctions.DATABASE, target.keyspace() == null ? "NULL" : Sql.literal(target.toString()));
        return new Route.Forward(new ShardQuery(targets.shardOrFirst(ks, target), text));
    }
}
