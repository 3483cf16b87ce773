package io.shardops.dataplane.tablet.query;

import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.tablet.ServingState;
import io.shardops.spec.TabletType;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The tablet's query rules, as Vitess's vttablet applies them: serving state, writes only on a
 * primary, denied tables (a shard's tablet control during a move), and tables that must exist in
 * the tablet's schema. Pure: state and statement in, the error a client sees (if any) out.
 */
public final class QueryRules {
    public static final String DENIED_TABLES_MESSAGE = "disallowed due to rule: enforce denied tables";
    public static final String NOT_SERVING_MESSAGE = "operation not allowed in state NOT_SERVING";

    private QueryRules() {}

    /** The outcome of checking one statement. */
    public sealed interface Verdict {
        /** Send it to MariaDB. */
        record Allow() implements Verdict {}

        /** Answer with this error. */
        record Refuse(MysqlError error) implements Verdict {}

        /** Names a table of this tablet's database that the schema cache does not know (reload, then refuse). */
        record UnknownTable(String table) implements Verdict {}
    }

    private static final Verdict ALLOW = new Verdict.Allow();

    /**
     * @param tabletAlias for messages
     * @param database    the tablet's database; tables qualified with another one are not checked
     * @param knownTable  whether the schema cache has a table (lowercase name)
     */
    public static Verdict check(ServingState state, StatementInfo info, String tabletAlias, String database,
                                Predicate<String> knownTable) {
        if (info.kind() == StatementKind.SESSION) {
            // BEGIN/ROLLBACK/SET stay possible so a client can always clean up its connection
            return ALLOW;
        }
        if (!state.serving() && !(info.kind() == StatementKind.READ && info.tables().isEmpty())) {
            // statements naming no table (SELECT @@x, SHOW VARIABLES) read no data: drivers send them on connect
            return refuse(NOT_SERVING_MESSAGE);
        }
        if (info.kind().writes() && state.type() != TabletType.PRIMARY) {
            return refuse("write statement refused: tablet " + tabletAlias + " is " + state.type().word()
                    + ", writes go to the shard's primary");
        }
        for (TableRef t : info.tables()) {
            if (t.in(database) && state.isDenied(t.name())) {
                return refuse(DENIED_TABLES_MESSAGE);
            }
        }
        if (info.kind() == StatementKind.DDL || !info.parsed()) {
            // DDL creates tables the schema lacks; a keyword scan is too rough to refuse on; MariaDB reports those itself
            return ALLOW;
        }
        Optional<TableRef> unknown = info.tables().stream().filter(t -> t.in(database) && !knownTable.test(t.name())).findFirst();
        return unknown.<Verdict>map(t -> new Verdict.UnknownTable(t.name())).orElse(ALLOW);
    }

    /** The error for a table still unknown after the schema was reloaded. */
    public static MysqlError notInSchema(String table) {
        return MysqlError.unknown("table " + table + " not found in schema");
    }

    private static Verdict refuse(String message) {
        return new Verdict.Refuse(MysqlError.unknown(message));
    }
}
