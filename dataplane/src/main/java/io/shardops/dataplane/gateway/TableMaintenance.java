package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.spec.TabletType;
import io.shardops.spec.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.PlainSelect;

/**
 * Statements that read no table or look after tables rather than their rows: {@code SELECT ... FROM DUAL}
 * (recognised from its parse, {@link #fromDualOnly}) and {@code DO ...} go to one shard as statements without a
 * table do; {@code ANALYZE}, {@code OPTIMIZE},
 * {@code CHECK} and {@code REPAIR TABLE} go to every shard of the table's keyspace, whose answers (one row or
 * more per shard) the client gets one after another; {@code CHECKSUM TABLE} too, its shards' checksums added into
 * the one the table would have on one server.
 */
final class TableMaintenance {
    private static final Set<String> WORDS = Set.of("analyze", "optimize", "check", "repair", "checksum");
    private static final Pattern STATEMENT = Pattern.compile(
            "(?is)\\s*(analyze|optimize|checksum|check|repair)\\s+(?:(?:no_write_to_binlog|local)\\s+)?tables?\\s+`?(?:(\\w+)`?\\.`?)?(\\w+)`?.*");

    /** CHECKSUM TABLE's rows (Table, Checksum) from every shard: one row per table, the checksums added as MariaDB adds rows'. */
    private static final MergeSpec CHECKSUMS = new MergeSpec(List.of(MergeSpec.Aggregate.NONE, MergeSpec.Aggregate.CHECKSUM),
            List.of(0), List.of(), 0, -1, -1);

    private TableMaintenance() {}

    static Optional<Route> route(Targets targets, String word, String sql, Target target) {
        if (word.equals("do")) {
            return Optional.of(SessionStatements.chatter(targets, sql, target));
        }
        if (!WORDS.contains(word) || target.shard() != null) {
            return Optional.empty();
        }
        Matcher m = STATEMENT.matcher(sql);
        if (!m.matches()) {
            return Optional.empty();  // a statement that is not about one table (CHECK constraint words, ...): routed as usual
        }
        if (sql.indexOf(',', m.end(3)) >= 0) {
            throw MysqlError.notSupported("unsupported: " + word.toUpperCase(java.util.Locale.ROOT)
                    + " of several tables at the gateway; name one table per statement").exception();
        }
        String keyspace = m.group(2) != null && targets.snapshot().keyspaces().contains(m.group(2))
                ? m.group(2) : targets.requireKeyspace(target, m.group(3));
        TabletType type = target.tabletType();
        String serving = targets.servingKeyspace(keyspace, type);
        int after = m.end(3) < sql.length() && sql.charAt(m.end(3)) == '`' ? m.end(3) + 1 : m.end(3);
        // the table as the shard's database knows it: without a keyspace qualifier, options after it kept
        String text = m.group(1) + " table " + Sql.identifier(m.group(3)) + sql.substring(after);
        List<ShardQuery> queries = new ArrayList<>();
        for (ShardRef s : targets.servingShards(serving, type)) {
            queries.add(new ShardQuery(new ShardTarget(serving, s.name(), type), text));
        }
        if (queries.size() == 1) {
            return Optional.of(new Route.Forward(queries.get(0)));
        }
        return Optional.of(new Route.Scatter(queries, word.equals("checksum") ? CHECKSUMS : MergeSpec.CONCAT));
    }

    /**
     * {@code SELECT ... FROM DUAL} with nothing else in FROM, from its parse (a statement that reaches the parse
     * anyway, so the lexical paths of every other SELECT pay nothing for it): no table is read.
     */
    static boolean fromDualOnly(Statement st) {
        return st instanceof PlainSelect ps && ps.getFromItem() instanceof Table t && t.getName().equalsIgnoreCase("dual")
                && (ps.getJoins() == null || ps.getJoins().isEmpty());
    }
}
