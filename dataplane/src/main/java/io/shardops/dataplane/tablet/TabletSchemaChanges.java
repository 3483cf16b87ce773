package io.shardops.dataplane.tablet;

import io.shardops.dataplane.replication.GtidPosition;
import io.shardops.dataplane.tablet.query.SchemaCache;
import io.shardops.dataplane.tablet.query.ServingControl;
import io.shardops.dataplane.tablet.shadow.AlterAlgorithm;
import io.shardops.dataplane.tablet.shadow.ShadowTables;
import io.shardops.dataplane.tablet.shadow.TableChecksum;
import io.shardops.spec.Sequence;
import io.shardops.spec.sql.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import static io.shardops.dataplane.tablet.AdminSql.exec;
import static io.shardops.dataplane.tablet.TabletDatabase.showCreateTable;

/**
 * The tablet's schema: read, changed directly (DDL, sequences), and changed online (docs/schema-changes.md):
 * shadow tables, the hold of tables at the cut-over, the swap and the verify against the stream that keeps a
 * shadow table following. Apart from {@link LocalTabletManager} because these calls share the primary-only
 * rule and the reload of the query service's table list after each change, and nothing with replication.
 */
final class TabletSchemaChanges {
    private final TabletIdentity identity;
    private final ServingControl serving;
    private final SchemaCache schemaCache;
    private final Streams streams;
    private final TabletDatabase db;
    private final TabletAdmin admin;

    TabletSchemaChanges(TabletIdentity identity, ServingControl serving, SchemaCache schemaCache, Streams streams,
                        TabletDatabase db, TabletAdmin admin) {
        this.identity = identity;
        this.serving = serving;
        this.schemaCache = schemaCache;
        this.streams = streams;
        this.db = db;
        this.admin = admin;
    }

    void applySchema(List<String> statements) {
        LocalTabletManager.requirePrimary(serving, identity, "apply schema");
        admin.run("apply schema", c -> {
            db.applySchema(c, statements);
            schemaCache.reload(c);
            return null;
        });
    }

    List<TableSchema> schema(List<String> tables) {
        return admin.run("read schema", c -> {
            List<TableSchema> out = new ArrayList<>();
            Set<String> wanted = tables.stream().map(t -> t.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
            for (String name : db.tableNames(c)) {
                if (wanted.isEmpty() || wanted.contains(name.toLowerCase(Locale.ROOT))) {
                    out.add(new TableSchema(name, showCreateTable(c, identity.database(), name)));
                }
            }
            return out;
        });
    }

    void createSequence(String name, long start, long cache) {
        LocalTabletManager.requirePrimary(serving, identity, "create sequence " + name);
        Sequence seq = new Sequence(name, start, cache);
        admin.run("create sequence " + name, c -> {
            db.useDatabase(c);
            if (!db.tableExists(c, name)) {
                exec(c, seq.createTableSql());
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO " + Sql.identifier(name) + " (id, next_id, cache) VALUES (0, ?, ?)")) {
                ps.setLong(1, start);
                ps.setLong(2, cache);
                ps.executeUpdate();
            }
            schemaCache.reload(c);
            return null;
        });
    }

    // ---- online schema changes

    private ShadowTables shadow() {
        return new ShadowTables(identity.database());
    }

    AlterAlgorithm probeAlter(String table, String alterClauses) {
        LocalTabletManager.requirePrimary(serving, identity, "probe alter");
        return admin.run("probe alter of " + table, c -> shadow().probe(c, table, "_" + table + "_osc_probe", alterClauses));
    }

    void createShadowTable(String table, String shadowTable, String alterClauses, boolean fresh) {
        LocalTabletManager.requirePrimary(serving, identity, "create shadow table");
        admin.run("create shadow table " + shadowTable, c -> {
            shadow().createShadow(c, table, shadowTable, "_" + table + "_osc_building", alterClauses, fresh);
            schemaCache.reload(c);
            return null;
        });
    }

    void holdTables(List<String> tables) {
        Set<String> held = Set.copyOf(tables);
        Set<String> before = serving.cutoverTables();
        serving.setCutoverTables(held);
        // denied tables carry the hold (fail closed, drained); the cut-over set only changes the refusal's words
        LocalTabletManager.drained(identity, "hold tables " + tables, serving.updateAndDrain(st -> {
            Set<String> denied = new HashSet<>(st.deniedTables());
            denied.removeAll(before.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList());
            held.forEach(t -> denied.add(t.toLowerCase(Locale.ROOT)));
            return st.withDeniedTables(denied);
        }, LocalTabletManager.DRAIN_MILLIS));
    }

    boolean swapTables(String table, String incoming, String outgoing) {
        LocalTabletManager.requirePrimary(serving, identity, "swap tables");
        return admin.run("swap " + incoming + " in for " + table, c -> {
            boolean swapped = shadow().swap(c, table, incoming, outgoing);
            schemaCache.reload(c);
            return swapped;
        });
    }

    TableChecksum verifyFollowing(String table, String target, String workflow) {
        // its copy may be stored as done a moment before the stream follows the binlog in this process
        streams.waitForPosition(workflow, "", VERIFY_CATCH_UP);
        return admin.run("verify " + target + " against " + table, a -> {
            try (Connection b = admin.connect()) {
                return shadow().verifyFollowing(a, b, table, target, new ShadowTables.FollowingStream() {
                    @Override
                    public void holdNow() {
                        streams.pause(workflow, "");
                    }

                    @Override
                    public boolean holdAt(String position) {
                        GtidPosition want = GtidPosition.parse(position);
                        GtidPosition held = GtidPosition.parse(streams.pause(workflow, position));
                        return held.contains(want) && want.contains(held);
                    }

                    @Override
                    public void await(String position) {
                        streams.waitForPosition(workflow, position, VERIFY_CATCH_UP);
                    }

                    @Override
                    public void release() {
                        streams.resume(workflow);
                    }
                });
            }
        });
    }

    /** How long a verify waits for the stream to reach the table's snapshot. */
    private static final Duration VERIFY_CATCH_UP = Duration.ofSeconds(60);

    long estimatedRows(String table) {
        return admin.run("estimate rows of " + table, c -> shadow().estimatedRows(c, table));
    }
}
