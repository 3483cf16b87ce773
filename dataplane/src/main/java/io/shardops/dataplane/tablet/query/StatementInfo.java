package io.shardops.dataplane.tablet.query;

import java.util.List;
import java.util.Optional;

/**
 * What the query rules need to know about a statement.
 *
 * @param tables      the tables it names (CTE names excluded)
 * @param parsed      true when the tables are known for certain (a parser read the whole statement, or a
 *                    statement form shardops reads itself: HANDLER, LOAD DATA, PREPARE with a literal text);
 *                    false when they come from a keyword scan or cannot be known (CALL, PREPARE FROM @var,
 *                    compound statements): while tables are denied such a statement is refused
 * @param calledNames lowercase names it calls as functions: a stored function of the database may write any table
 * @param session     the session state it reads or changes (SQL-level prepared statements, HANDLER names)
 */
public record StatementInfo(StatementKind kind, List<TableRef> tables, boolean parsed, List<String> calledNames,
                            Optional<SessionStatement> session) {
    public StatementInfo {
        tables = List.copyOf(tables);
        calledNames = List.copyOf(calledNames);
    }

    public StatementInfo(StatementKind kind, List<TableRef> tables, boolean parsed) {
        this(kind, tables, parsed, List.of(), Optional.empty());
    }

    public static StatementInfo noTables(StatementKind kind) {
        return new StatementInfo(kind, List.of(), true);
    }

    /** A statement whose tables cannot be known: allowed while no table is denied, refused while any is. */
    public static StatementInfo unanalysable(StatementKind kind) {
        return new StatementInfo(kind, List.of(), false);
    }

    StatementInfo withCalledNames(List<String> names) {
        return new StatementInfo(kind, tables, parsed, names, session);
    }

    StatementInfo withSession(SessionStatement s) {
        return new StatementInfo(kind, tables, parsed, calledNames, Optional.of(s));
    }
}
