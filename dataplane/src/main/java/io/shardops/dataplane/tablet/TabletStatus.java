package io.shardops.dataplane.tablet;

import io.shardops.spec.TabletType;
import java.util.List;

/**
 * A tablet's health as the reconciler and {@code shardops status} see it.
 *
 * @param mysqld       {@code running}, {@code unreachable: ...}, {@code stopped}, {@code not started} or {@code crashed: ...}
 * @param replication  null when MariaDB cannot be reached
 * @param tables       the tables the query service knows (the tablet's schema)
 */
public record TabletStatus(String alias, String keyspace, String shard, String database, TabletType type, boolean serving,
                           List<String> deniedTables, int mysqlPort, String mysqld, ReplicationStatus replication,
                           List<String> tables) {
    public TabletStatus {
        deniedTables = List.copyOf(deniedTables);
        tables = List.copyOf(tables);
    }

    public boolean mysqldRunning() {
        return "running".equals(mysqld);
    }
}
