package io.shardops.dataplane.tablet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The tables of the tablet's database, as the query service knows them. Reloaded after the tablet
 * manager changes the schema and, rate-limited, when a query names a table not in it (DDL that
 * arrived through replication).
 */
public final class SchemaCache {
    private static final long MIN_RELOAD_INTERVAL_NANOS = 200_000_000L;

    private final String database;
    private volatile Set<String> tables = Set.of();
    private volatile long lastReloadNanos = System.nanoTime() - MIN_RELOAD_INTERVAL_NANOS;

    public SchemaCache(String database) {
        this.database = database;
    }

    public boolean contains(String table) {
        return tables.contains(table.toLowerCase(Locale.ROOT));
    }

    public Set<String> tables() {
        return tables;
    }

    /** Whether a reload on a miss is allowed now (at most one per 200 ms). */
    public boolean mayReload() {
        return System.nanoTime() - lastReloadNanos >= MIN_RELOAD_INTERVAL_NANOS;
    }

    public void reload(Connection c) throws SQLException {
        Set<String> found = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        tables = Set.copyOf(found);
        lastReloadNanos = System.nanoTime();
    }
}
