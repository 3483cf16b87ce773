package io.shardops.dataplane.gateway;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * REPLACE routes as the INSERT it extends (rows split by vindex, missing ids from the sequence): the router
 * routes its INSERT form, then each statement a shard gets says REPLACE again. Without this a REPLACE into a
 * sharded table went to every shard, putting its rows on shards their keyspace ids do not name. Pure.
 */
final class ReplaceStatements {
    private static final Pattern LEADING_INSERT = Pattern.compile("(?is)^(\\s*)insert\\b");

    private ReplaceStatements() {}

    /** The INSERT text of a REPLACE statement (its first word is REPLACE). */
    static String asInsert(String sql) {
        int at = sql.toLowerCase(Locale.ROOT).indexOf("replace");
        return sql.substring(0, at) + "INSERT" + sql.substring(at + "replace".length());
    }

    /** The route of the INSERT form, each statement turned back into a REPLACE. */
    static Route asReplace(Route route) {
        return switch (route) {
            case Route.Forward f -> new Route.Forward(replace(f.query()));
            case Route.MultiWrite w -> new Route.MultiWrite(w.queries().stream().map(ReplaceStatements::replace).toList(), w.copies());
            case Route.WithSequenceIds w -> new Route.WithSequenceIds(w.sequence(), w.count(), ids -> asReplace(w.then().apply(ids)));
            case Route.WithColumns w -> new Route.WithColumns(w.shard(), w.table(), names -> asReplace(w.then().apply(names)));
            case Route.WithResults w -> new Route.WithResults(w.statements(), answers -> asReplace(w.then().apply(answers)));
            // no INSERT in them to turn back into a REPLACE
            case Route.FoundRows f -> route;
            case Route.Scatter s -> route;
            case Route.Answer a -> route;
            case Route.Ok o -> route;
            case Route.NextValues n -> route;
            case Route.Use u -> route;
            case Route.Transaction t -> route;
            case Route.SetSession set -> route;
            case Route.SessionValue v -> route;
            case Route.Kill k -> route;
            case Route.ShowTables t -> route;
            case Route.Savepoint sp -> route;
            case Route.LastWarnings l -> route;
            case Route.LoadData l -> route;
        };
    }

    private static ShardQuery replace(ShardQuery q) {
        return new ShardQuery(q.target(), LEADING_INSERT.matcher(q.sql()).replaceFirst("$1REPLACE"));
    }
}
