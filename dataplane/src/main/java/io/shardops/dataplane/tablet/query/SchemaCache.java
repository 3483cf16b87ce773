package io.shardops.dataplane.tablet.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
    /** Stored procedures and functions of the database (lowercase): while tables are denied, calls to them are refused. */
    private volatile Set<String> routines = Set.of();
    /** View name (lowercase) to its definition: the query rules look through a view at the tables it reads. */
    private volatile Map<String, String> views = Map.of();
    /** Table name (lowercase) to the bodies of its triggers: a write to the table runs them. */
    private volatile Map<String, List<String>> triggers = Map.of();
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

    public boolean hasRoutine(String name) {
        return !routines.isEmpty() && routines.contains(name.toLowerCase(Locale.ROOT));
    }

    /** The bodies of the triggers on a table of the database (none: empty). */
    public List<String> triggerBodies(String table) {
        return triggers.isEmpty() ? List.of() : triggers.getOrDefault(table.toLowerCase(Locale.ROOT), List.of());
    }

    /** The definition of a view of the database (its SELECT), if {@code name} is one. */
    public Optional<String> viewDefinition(String name) {
        return views.isEmpty() ? Optional.empty() : Optional.ofNullable(views.get(name.toLowerCase(Locale.ROOT)));
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
        Set<String> procs = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT routine_name FROM information_schema.routines WHERE routine_schema = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    procs.add(rs.getString(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        Map<String, String> defs = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT table_name, view_definition FROM information_schema.views WHERE table_schema = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String def = rs.getString(2);
                    // an account without SHOW VIEW sees an empty definition: kept empty, so the rules refuse it while tables are denied
                    defs.put(rs.getString(1).toLowerCase(Locale.ROOT), def == null ? "" : def);
                }
            }
        }
        Map<String, List<String>> bodies = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT event_object_table, action_statement FROM information_schema.triggers WHERE trigger_schema = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String body = rs.getString(2);
                    bodies.computeIfAbsent(rs.getString(1).toLowerCase(Locale.ROOT), t -> new ArrayList<>())
                            .add(body == null ? "" : body);
                }
            }
        }
        Map<String, List<String>> frozen = new HashMap<>();
        bodies.forEach((t, b) -> frozen.put(t, List.copyOf(b)));
        triggers = Map.copyOf(frozen);
        routines = Set.copyOf(procs);
        views = Map.copyOf(defs);
        tables = Set.copyOf(found);
        lastReloadNanos = System.nanoTime();
    }
}
