package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.MysqlException;
import io.shardops.spec.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What drivers and tools read about the schema: {@code information_schema} queries, and DESCRIBE, DESC
 * and EXPLAIN. Every shard of a keyspace has the same tables, so one tablet of the keyspace answers; a
 * keyspace's tables live in the MariaDB database its serving keyspace names, so the keyspace names a
 * query compares with (and {@code database()}) become that database's name. Pure.
 */
final class MetadataStatements {
    /** DESCRIBE t, DESC ks.t, EXPLAIN t [column]: a table's columns. */
    private static final Pattern DESCRIBE_TABLE = Pattern.compile(
            "(?is)\\s*(?:describe|desc|explain)\\s+`?(?:(\\w+)`?\\.`?)?(\\w+)`?(\\s+[^;]*)?\\s*;?\\s*");
    /** EXPLAIN [EXTENDED|PARTITIONS|FORMAT=x] statement. */
    private static final Pattern EXPLAIN_STATEMENT = Pattern.compile(
            "(?is)\\s*(?:explain|describe|desc)\\s+((?:extended\\s+|partitions\\s+|format\\s*=\\s*\\w+\\s+)?)((?:select|insert|update|delete|replace|with|\\()[\\s\\S]*)");
    private static final Set<String> STATEMENT_WORDS = Set.of("select", "insert", "update", "delete", "replace", "with",
            "extended", "partitions", "format", "analyze");
    private static final Pattern DATABASE_FN = Pattern.compile("(?i)\\b(?:database|schema)\\s*\\(\\s*\\)");

    private MetadataStatements() {}

    /** The route of a metadata statement; empty when {@code sql} is not one. */
    static Optional<Route> route(Router router, Targets targets, String word, String sql, Target target) {
        if (word.equals("describe") || word.equals("desc") || word.equals("explain")) {
            return Optional.of(describe(router, targets, sql, target));
        }
        if ((word.equals("select") || word.equals("with") || word.equals("table")) && StatementWords.namesQualifier(sql, "information_schema")) {
            return Optional.of(informationSchema(targets, sql, target));
        }
        return Optional.empty();
    }

    private static Route describe(Router router, Targets targets, String sql, Target target) {
        Matcher e = EXPLAIN_STATEMENT.matcher(sql);
        if (e.matches()) {
            return explain(router, e.group(1), e.group(2), target);
        }
        Matcher d = DESCRIBE_TABLE.matcher(sql);
        if (d.matches() && !STATEMENT_WORDS.contains(d.group(2).toLowerCase(Locale.ROOT))) {
            String qualifier = d.group(1);
            String table = d.group(2);
            String ks = qualifier != null ? qualifier : targets.requireKeyspace(target, table);
            if (!targets.snapshot().keyspaces().contains(ks)) {
                throw MysqlError.badDb(ks).exception();
            }
            if (qualifier == null && target.keyspace() != null && !hasTable(targets, ks, target, table)) {
                ks = targets.keyspaceOfTable(table).orElse(ks);  // a table of another keyspace, named without its keyspace
            }
            String text = "describe " + Sql.identifier(table) + (d.group(3) == null ? "" : d.group(3));
            return new Route.Forward(new ShardQuery(targets.shardOrFirst(ks, target.keyspace() != null && target.keyspace().equals(ks)
                    ? target : new Target(ks, null, target.tabletType())), text));
        }
        throw MysqlError.notSupported("unsupported: " + StatementWords.firstWord(sql).toUpperCase(Locale.ROOT)
                + " of this form at the gateway; DESCRIBE a table, or EXPLAIN a SELECT, INSERT, UPDATE or DELETE").exception();
    }

    private static boolean hasTable(Targets targets, String ks, Target target, String table) {
        var v = targets.snapshot().vschema(targets.servingKeyspace(ks, target.tabletType()));
        return v.isEmpty() || !v.get().sharded() || v.get().tables().containsKey(table);
    }

    /** EXPLAIN of the statement as the shard that runs it (the first of several) receives it. */
    private static Route explain(Router router, String options, String statement, Target target) {
        Route inner = router.route(statement, target);
        ShardQuery q = switch (inner) {
            case Route.Forward f -> f.query();
            case Route.Scatter s -> s.queries().get(0);
            case Route.MultiWrite w -> w.queries().get(0);
            case Route.Answer a -> throw explainUnsupported();
            case Route.Ok o -> throw explainUnsupported();
            case Route.NextValues n -> throw explainUnsupported();
            case Route.WithSequenceIds w -> throw explainUnsupported();
            case Route.Use u -> throw explainUnsupported();
            case Route.Transaction t -> throw explainUnsupported();
            case Route.SetSession s -> throw explainUnsupported();
            case Route.SessionValue v -> throw explainUnsupported();
            case Route.Kill k -> throw explainUnsupported();
            case Route.ShowTables t -> throw explainUnsupported();
            case Route.WithColumns w -> throw explainUnsupported();
            case Route.WithResults w -> throw explainUnsupported();
            case Route.Savepoint s -> throw explainUnsupported();
            case Route.LastWarnings w -> throw explainUnsupported();
            case Route.LoadData l -> throw explainUnsupported();
            case Route.FoundRows f -> throw explainUnsupported();
        };
        return new Route.Forward(new ShardQuery(q.target(), "explain " + options + q.sql()));
    }

    private static MysqlException explainUnsupported() {
        return MysqlError.notSupported("unsupported: EXPLAIN of a statement the gateway answers itself or"
                + " that takes sequence ids; EXPLAIN it on one shard with 'use KEYSPACE/SHARD'").exception();
    }

    /**
     * An information_schema query: to the first shard of each keyspace it names in a string literal (else
     * of the session's keyspace), the keyspace names in it and {@code database()} turned into the names of
     * the MariaDB databases behind them; results of several keyspaces are concatenated.
     */
    private static Route informationSchema(Targets targets, String sql, Target target) {
        List<String> named = new ArrayList<>();
        for (String ks : targets.snapshot().keyspaces()) {
            if (namesLiteral(sql, ks)) {
                named.add(ks);
            }
        }
        String own = target.keyspace() != null ? target.keyspace() : null;
        if (named.isEmpty()) {
            named.add(targets.anyKeyspace(target));
        }
        String ownDatabase = own == null ? null : databaseOf(targets, own, target);
        List<ShardQuery> queries = new ArrayList<>();
        for (String ks : named) {
            String text = sql;
            for (String other : targets.snapshot().keyspaces()) {
                String db = databaseOf(targets, other, target);
                if (!db.equals(other) && namesLiteral(text, other)) {
                    text = replaceLiteral(text, other, db);
                }
            }
            text = DATABASE_FN.matcher(text).replaceAll(Matcher.quoteReplacement(ownDatabase == null ? "NULL" : Sql.literal(ownDatabase)));
            Target t = own != null && own.equals(ks) ? target : new Target(ks, null, target.tabletType());
            queries.add(new ShardQuery(targets.shardOrFirst(ks, t), text));
        }
        return queries.size() == 1 ? new Route.Forward(queries.get(0)) : new Route.Scatter(queries, MergeSpec.CONCAT);
    }

    /** The MariaDB database that holds a keyspace's tables: its serving keyspace's name. */
    static String databaseOf(Targets targets, String keyspace, Target target) {
        return targets.servingKeyspace(keyspace, target.tabletType());
    }

    /** Whether {@code 'ks'} (or {@code "ks"}) occurs in the statement, ignoring case. */
    static boolean namesLiteral(String sql, String ks) {
        String lower = sql.toLowerCase(Locale.ROOT);
        String k = ks.toLowerCase(Locale.ROOT);
        return lower.contains("'" + k + "'") || lower.contains("\"" + k + "\"");
    }

    private static String replaceLiteral(String sql, String ks, String db) {
        return sql.replaceAll("(?i)'" + Pattern.quote(ks) + "'", Matcher.quoteReplacement(Sql.literal(db)))
                .replaceAll("(?i)\"" + Pattern.quote(ks) + "\"", Matcher.quoteReplacement(Sql.literal(db)));
    }
}
