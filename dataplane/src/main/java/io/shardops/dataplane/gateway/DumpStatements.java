package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.OkPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Statements mysqldump writes into a dump, or sends while dumping, that the gateway routes itself:
 * LOCK TABLES and UNLOCK TABLES go to every shard of the session's keyspace as written (the session then
 * holds its tablet connections, see {@link SessionStatements#needsReservedConnection}, so the locks hold
 * for its next statements), {@code ALTER TABLE t DISABLE|ENABLE KEYS}
 * (InnoDB ignores it), and the savepoints of {@code --single-transaction}, which every shard of the
 * transaction takes; and LOAD DATA LOCAL INFILE, which the gateway runs itself ({@link LoadDataLocal}). Pure.
 */
final class DumpStatements {
    private static final Pattern LOCK = Pattern.compile("(?is)\\s*(?:lock\\s+tables?\\s|unlock\\s+tables?\\b).*");
    private static final Pattern KEYS = Pattern.compile("(?is)\\s*alter\\s+table\\s+[`\\w.]+\\s+(?:disable|enable)\\s+keys\\s*;?\\s*");
    private static final Pattern SAVEPOINT = Pattern.compile(
            "(?is)\\s*(?:savepoint\\s+|rollback\\s+(?:work\\s+)?to\\s+(?:savepoint\\s+)?|release\\s+savepoint\\s+)`?\\w+`?\\s*;?\\s*");

    private DumpStatements() {}

    /** The statement, unparsed, on every shard of the session's keyspace (its shard, under {@code use ks/shard}). */
    private static Route everyShard(Targets targets, String sql, Target target) {
        String ks = targets.anyKeyspace(target);
        if (target.shard() != null) {
            return new Route.Forward(new ShardQuery(targets.shardOrFirst(ks, target), sql));
        }
        String serving = targets.servingKeyspace(ks, target.tabletType());
        List<ShardQuery> queries = new ArrayList<>();
        for (ShardRef s : targets.servingShards(serving, target.tabletType())) {
            queries.add(new ShardQuery(new ShardTarget(serving, s.name(), target.tabletType()), sql));
        }
        return queries.size() == 1 ? new Route.Forward(queries.get(0)) : new Route.MultiWrite(queries);
    }

    static Optional<Route> route(Targets targets, String word, String sql, Target target) {
        return switch (word) {
            case "lock", "unlock" -> LOCK.matcher(sql).matches() ? Optional.of(everyShard(targets, sql, target)) : Optional.empty();
            case "alter" -> KEYS.matcher(sql).matches() ? Optional.of(new Route.Ok(OkPacket.EMPTY)) : Optional.empty();
            case "load" -> LoadDataStatement.is(word, sql) ? Optional.of(new Route.LoadData(LoadDataStatement.parse(sql))) : Optional.empty();
            case "savepoint", "rollback", "release" -> SAVEPOINT.matcher(sql).matches() ? Optional.of(new Route.Savepoint(sql.strip())) : Optional.empty();
            default -> Optional.empty();
        };
    }
}
