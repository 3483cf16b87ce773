package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.OkPacket;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Statements mysqldump writes into a dump, or sends while dumping, that the gateway answers itself:
 * LOCK TABLES and UNLOCK TABLES (a lock on one pooled tablet connection would not hold across shards or
 * statements; a consistent dump is {@code --single-transaction}), {@code ALTER TABLE t DISABLE|ENABLE KEYS}
 * (InnoDB ignores it), and the savepoints of {@code --single-transaction}, which every shard of the
 * transaction takes; and LOAD DATA LOCAL INFILE, which the gateway runs itself ({@link LoadDataLocal}). Pure.
 */
final class DumpStatements {
    private static final Pattern LOCK = Pattern.compile("(?is)\\s*(?:lock\\s+tables?\\s|unlock\\s+tables?\\b).*");
    private static final Pattern KEYS = Pattern.compile("(?is)\\s*alter\\s+table\\s+[`\\w.]+\\s+(?:disable|enable)\\s+keys\\s*;?\\s*");
    private static final Pattern SAVEPOINT = Pattern.compile(
            "(?is)\\s*(?:savepoint\\s+|rollback\\s+(?:work\\s+)?to\\s+(?:savepoint\\s+)?|release\\s+savepoint\\s+)`?\\w+`?\\s*;?\\s*");

    private DumpStatements() {}

    static Optional<Route> route(String word, String sql) {
        return switch (word) {
            case "lock", "unlock" -> LOCK.matcher(sql).matches() ? Optional.of(new Route.Ok(OkPacket.EMPTY)) : Optional.empty();
            case "alter" -> KEYS.matcher(sql).matches() ? Optional.of(new Route.Ok(OkPacket.EMPTY)) : Optional.empty();
            case "load" -> LoadDataStatement.is(word, sql) ? Optional.of(new Route.LoadData(LoadDataStatement.parse(sql))) : Optional.empty();
            case "savepoint", "rollback", "release" -> SAVEPOINT.matcher(sql).matches() ? Optional.of(new Route.Savepoint(sql.strip())) : Optional.empty();
            default -> Optional.empty();
        };
    }
}
