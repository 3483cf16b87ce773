package io.shardops.dataplane.tablet.query;

import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.spec.TabletType;
import java.util.List;
import java.util.Optional;

/**
 * The tablet's query rules, as Vitess's vttablet applies them: serving state, writes only on a
 * primary, denied tables (a shard's tablet control during a move), and tables that must exist in
 * the tablet's schema. Pure: state and statement in, the error a client sees (if any) out.
 *
 * <p>Denied tables fail closed: while any table is denied, a statement whose tables are not certain
 * (see {@link StatementInfo#parsed}), one calling a stored routine of the database, or one naming a view
 * whose definition names a denied table (or cannot be read) is refused too.
 */
public final class QueryRules {
    public static final String DENIED_TABLES_MESSAGE = "disallowed due to rule: enforce denied tables";
    public static final String NOT_SERVING_MESSAGE = "operation not allowed in state NOT_SERVING";
    /** Views inside views deeper than this are not followed (and refused while tables are denied). */
    private static final int MAX_VIEW_DEPTH = 8;

    private QueryRules() {}

    /** What the rules need to know about the tablet's database (a lambda: tables only). */
    @FunctionalInterface
    public interface Schema {
        /** Whether the schema cache has a table or view (lowercase name). */
        boolean hasTable(String name);

        /** Whether the database has a stored procedure or function of this name (lowercase). */
        default boolean hasRoutine(String name) {
            return false;
        }

        /** The analysis of a view's definition, when {@code name} is a view. */
        default Optional<StatementInfo> view(String name) {
            return Optional.empty();
        }

        /** The analyses of the bodies of the triggers on a table: a write to it runs them too. */
        default List<StatementInfo> triggers(String table) {
            return List.of();
        }
    }

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
     */
    public static Verdict check(ServingState state, StatementInfo info, String tabletAlias, String database, Schema schema) {
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
        if (!state.deniedTables().isEmpty()) {
            Optional<String> why = deniedReason(state, info, database, schema, 0);
            if (why.isPresent()) {
                return refuse(DENIED_TABLES_MESSAGE + why.get());
            }
        }
        if (info.kind() == StatementKind.DDL || !info.parsed()) {
            // DDL creates tables the schema lacks; a keyword scan is too rough to refuse on; MariaDB reports those itself
            return ALLOW;
        }
        for (TableRef t : info.tables()) {  // a loop, not a stream: this runs for every statement
            if (t.in(database) && !schema.hasTable(t.name())) {
                return new Verdict.UnknownTable(t.name());
            }
        }
        return ALLOW;
    }

    /** Why a statement must be refused while tables are denied ("" for a denied table named outright), or empty. */
    private static Optional<String> deniedReason(ServingState state, StatementInfo info, String database, Schema schema, int depth) {
        for (TableRef t : info.tables()) {
            if (t.in(database) && state.isDenied(t.name())) {
                return Optional.of("");
            }
        }
        if (!info.parsed()) {
            return Optional.of(" (the statement's tables cannot be determined while tables are denied)");
        }
        for (String name : info.calledNames()) {
            if (schema.hasRoutine(name)) {
                return Optional.of(" (stored routine " + name + " may touch a denied table)");
            }
        }
        for (TableRef t : info.tables()) {
            if (!t.in(database)) {
                continue;
            }
            if (info.kind().writes()) {
                for (StatementInfo trigger : schema.triggers(t.name())) {
                    if (depth >= MAX_VIEW_DEPTH) {
                        return Optional.of(" (triggers on " + t.name() + " nest too deep to check)");
                    }
                    Optional<String> inner = deniedReason(state, trigger, database, schema, depth + 1);
                    if (inner.isPresent()) {
                        return Optional.of(" (a trigger on " + t.name() + " may touch a denied table)");
                    }
                }
            }
            Optional<StatementInfo> view = schema.view(t.name());
            if (view.isPresent()) {
                if (depth >= MAX_VIEW_DEPTH) {
                    return Optional.of(" (view " + t.name() + " nests too deep to check)");
                }
                Optional<String> inner = deniedReason(state, view.get(), database, schema, depth + 1);
                if (inner.isPresent()) {
                    return Optional.of(inner.get().isEmpty() ? " (view " + t.name() + " reads a denied table)" : inner.get());
                }
            }
        }
        return Optional.empty();
    }

    /** The error for a table still unknown after the schema was reloaded. */
    public static MysqlError notInSchema(String table) {
        return MysqlError.unknown("table " + table + " not found in schema");
    }

    private static Verdict refuse(String message) {
        return new Verdict.Refuse(MysqlError.unknown(message));
    }
}
