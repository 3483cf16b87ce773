package io.shardops.dataplane.tablet.query;

import java.util.List;

/**
 * What the query rules need to know about a statement.
 *
 * @param tables     the tables it names (CTE names excluded)
 * @param parsed     false when the SQL parser could not read it and the tables come from a keyword scan
 */
public record StatementInfo(StatementKind kind, List<TableRef> tables, boolean parsed) {
    public StatementInfo {
        tables = List.copyOf(tables);
    }

    public static StatementInfo noTables(StatementKind kind) {
        return new StatementInfo(kind, List.of(), true);
    }
}
