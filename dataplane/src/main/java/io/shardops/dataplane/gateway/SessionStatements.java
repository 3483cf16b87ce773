package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.OkPacket;
import io.shardops.dataplane.mysql.SqlLiterals;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Statements about the session rather than data: USE, transaction control, SET, and SELECTs without FROM. */
final class SessionStatements {
    private static final Pattern AUTOCOMMIT = Pattern.compile("(?is).*\\bautocommit\\s*(?:=|:=)\\s*'?(0|1|on|off|true|false)'?.*");

    private SessionStatements() {}

    /** The route of a session statement starting with {@code word}; empty when the statement is not one. */
    static Optional<Route> route(Targets targets, String word, String sql) {
        return switch (word) {
            case "use" -> Optional.of(new Route.Use(targets.checkTarget(Target.parse(StatementWords.afterFirstWord(sql).replaceAll(";\\s*$", "")))));
            case "begin" -> Optional.of(new Route.Transaction(Route.Transaction.Kind.BEGIN));
            case "start" -> sql.toLowerCase(Locale.ROOT).contains("transaction")
                    ? Optional.of(new Route.Transaction(Route.Transaction.Kind.BEGIN)) : Optional.empty();
            case "commit" -> Optional.of(new Route.Transaction(Route.Transaction.Kind.COMMIT));
            case "rollback" -> sql.toLowerCase(Locale.ROOT).contains(" to ")
                    ? Optional.empty() : Optional.of(new Route.Transaction(Route.Transaction.Kind.ROLLBACK));
            case "set" -> Optional.of(set(sql));
            default -> Optional.empty();
        };
    }

    private static Route set(String sql) {
        Matcher m = AUTOCOMMIT.matcher(sql);
        if (m.matches()) {
            String v = m.group(1).toLowerCase(Locale.ROOT);
            boolean on = v.equals("1") || v.equals("on") || v.equals("true");
            return new Route.Transaction(on ? Route.Transaction.Kind.AUTOCOMMIT_ON : Route.Transaction.Kind.AUTOCOMMIT_OFF);
        }
        // SET NAMES, character sets, sql_mode...: connections are pooled, so session settings are not carried to tablets
        return new Route.Ok(OkPacket.EMPTY);
    }

    /** A SELECT without FROM (version, variables, functions): any tablet of the session's keyspace answers. */
    static Route chatter(Targets targets, String sql, Target target) {
        String ks = targets.anyKeyspace(target);
        String text = SessionFunctions.replace(sql, SessionFunctions.DATABASE, target.keyspace() == null ? "NULL" : SqlLiterals.quote(target.toString()));
        return new Route.Forward(new ShardQuery(targets.shardOrFirst(ks, target), text));
    }
}
