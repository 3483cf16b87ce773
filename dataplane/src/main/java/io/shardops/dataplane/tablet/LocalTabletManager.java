package io.shardops.dataplane.tablet;

import io.shardops.dataplane.tablet.query.SchemaCache;
import io.shardops.dataplane.tablet.query.ServingControl;
import io.shardops.dataplane.tablet.query.ServingState;
import io.shardops.dataplane.tablet.shadow.AlterAlgorithm;
import io.shardops.dataplane.tablet.shadow.ShadowTables;
import io.shardops.dataplane.tablet.shadow.TableChecksum;
import io.shardops.spec.Durability;
import io.shardops.spec.sql.Sql;
import static io.shardops.dataplane.tablet.AdminSql.exec;
import static io.shardops.dataplane.tablet.MariaDbReplication.replicationStatus;
import static io.shardops.dataplane.tablet.TabletDatabase.showCreateTable;

import io.shardops.dataplane.backup.BackupCatalog;
import io.shardops.dataplane.backup.BackupLocations;
import io.shardops.dataplane.backup.BackupManifest;
import io.shardops.dataplane.backup.BackupProgress;
import io.shardops.dataplane.backup.BackupRequest;
import io.shardops.dataplane.backup.BackupVerification;
import io.shardops.dataplane.backup.ShardBackup;
import io.shardops.dataplane.backup.ShardRestore;
import io.shardops.dataplane.mysqlctl.Mysqld;
import io.shardops.dataplane.mysqlctl.MysqldHealth;
import io.shardops.dataplane.tablet.diff.ShardPair;
import io.shardops.dataplane.tablet.diff.TableDiff;
import io.shardops.dataplane.tablet.diff.TableDiffSpec;
import io.shardops.dataplane.replication.GtidPosition;
import io.shardops.spec.Sequence;
import io.shardops.spec.TabletType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The tablet manager inside the tablet's process: SQL over JDBC to the tablet's own MariaDB. Replication is
 * {@link TabletReplication}'s, streams are {@link Streams}', serving is {@link ServingControl}'s.
 */
public final class LocalTabletManager implements TabletManager {
    private final TabletIdentity identity;
    private final Mysqld mysqld;
    private final ServingControl serving;
    private final SchemaCache schemaCache;
    private final Streams streams;
    private final TabletDatabase db;
    private final TabletAdmin admin;
    private final TabletReplication replication;

    public LocalTabletManager(TabletIdentity identity, Mysqld mysqld, ServingControl serving, SchemaCache schemaCache) {
        this.identity = identity;
        this.mysqld = mysqld;
        this.serving = serving;
        this.schemaCache = schemaCache;
        this.streams = new Streams(identity, mysqld);
        this.db = new TabletDatabase(identity);
        this.admin = new TabletAdmin(identity, mysqld);
        this.replication = new TabletReplication(identity, mysqld, serving, schemaCache, db, admin);
    }

    public TabletIdentity identity() {
        return identity;
    }

    @Override
    public TabletStatus status() {
        ServingState s = serving.get();
        MysqldHealth health = mysqld.health();
        String mysqldText = health.summary();
        ReplicationStatus replication = null;
        if (health instanceof MysqldHealth.Running) {
            try (Connection c = admin.connect()) {
                replication = replicationStatus(c);
            } catch (SQLException e) {
                mysqldText = "unreachable: " + e.getMessage();
            }
        }
        return new TabletStatus(identity.alias().toString(), identity.keyspace(), identity.shard(), identity.database(),
                s.type(), s.serving(), List.copyOf(s.deniedTables()), mysqld.port(), mysqldText, replication,
                schemaCache.tables().stream().sorted().toList());
    }

    @Override
    public String initPrimary() {
        return replication.initPrimary();
    }

    /** See {@link TabletReplication#refreshCredentials}; called at every start of the tablet. */
    void refreshReplicationCredentials() {
        replication.refreshCredentials();
    }

    @Override
    public void setReplicationSource(String primaryHost, int primaryMysqlPort) {
        replication.setSource(primaryHost, primaryMysqlPort);
    }

    @Override
    public String promoteReplica() {
        return replication.promote();
    }

    @Override
    public void stopReplication() {
        replication.stop();
    }

    @Override
    public void startReplicationUntil(String gtidPosition) {
        replication.startUntil(gtidPosition);
    }

    @Override
    public void startReplication() {
        replication.start();
    }

    @Override
    public void waitForPosition(String gtidPosition, Duration timeout) {
        replication.waitForPosition(gtidPosition, timeout);
    }

    @Override
    public String replicationPosition() {
        return replication.position();
    }

    @Override
    public void applySchema(List<String> statements) {
        requirePrimary("apply schema");
        withAdmin("apply schema", c -> {
            db.applySchema(c, statements);
            schemaCache.reload(c);
            return null;
        });
    }

    @Override
    public List<TableSchema> schema(List<String> tables) {
        return withAdmin("read schema", c -> {
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

    @Override
    public void createSequence(String name, long start, long cache) {
        requirePrimary("create sequence " + name);
        Sequence seq = new Sequence(name, start, cache);
        withAdmin("create sequence " + name, c -> {
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

    @Override
    public void setTabletType(TabletType type) {
        withAdmin("set tablet type " + type.word(), c -> {
            if (type != TabletType.PRIMARY) {
                exec(c, "SET GLOBAL read_only = 1");
            }
            replication.applyDurability(c, type);
            exec(c, "SET GLOBAL read_only = " + (type == TabletType.PRIMARY ? 0 : 1));
            serving.update(st -> st.withType(type));
            return null;
        });
    }

    @Override
    public void setServing(boolean isServing) {
        drained("stop serving", serving.updateAndDrain(st -> st.withServing(isServing), DRAIN_MILLIS));
    }

    @Override
    public void setDeniedTables(List<String> tables) {
        drained("deny tables " + tables, serving.updateAndDrain(st -> st.withDeniedTables(Set.copyOf(tables)), DRAIN_MILLIS));
    }

    /** How long a change that stops writes waits for the statements admitted before it. */
    static final long DRAIN_MILLIS = 10_000;

    /**
     * Statements admitted before a change that stops writes must have finished before it returns: the caller
     * reads the position that every write is in next (the primary switch), and a write that committed later
     * would be missing from the targets.
     */
    private void drained(String what, boolean drained) {
        if (!drained) {
            throw new TabletManagerException("tablet " + identity.describe() + ": " + what + ": statements admitted before it were still running after "
                    + DRAIN_MILLIS + " ms");
        }
    }

    @Override
    public void startStream(StreamSpec spec) {
        requirePrimary("start stream " + spec.workflow());
        streams.start(spec);
    }

    @Override
    public List<StreamStatus> streams() {
        return streams.list();
    }

    @Override
    public void waitForStreamPosition(String workflow, String gtidPosition, Duration timeout) {
        streams.waitForPosition(workflow, gtidPosition, timeout);
    }

    @Override
    public String pauseStream(String workflow, String until) {
        return streams.pause(workflow, until);
    }

    @Override
    public void resumeStream(String workflow) {
        streams.resume(workflow);
    }

    @Override
    public void stopStream(String workflow) {
        streams.stop(workflow);
    }

    @Override
    public void deleteStream(String workflow) {
        streams.delete(workflow);
    }

    // ---- durability, failover and fencing (issue 16)

    @Override
    public void setDurability(Durability durability) {
        replication.setDurability(durability);
    }

    @Override
    public String stopReplicationReceiving() {
        return replication.stopReceiving();
    }

    @Override
    public void fence() {
        serving.updateAndDrain(st -> st.withType(TabletType.REPLICA).withServing(false), DRAIN_MILLIS);
        // writes that were waiting for a semi-sync acknowledgement are errant on this server: end them first, as
        // SET GLOBAL read_only waits for them, and they wait for an acknowledgement that cannot come (a partition healed)
        withAdmin("end writes of a former primary", c -> OpenWriteTransactions.end(c, Duration.ZERO));
        withAdmin("fence a former primary", c -> {
            exec(c, "SET GLOBAL read_only = 1");
            replication.applyDurability(c, TabletType.REPLICA);
            return null;
        });
    }

    @Override
    public int endOpenWriteTransactions(Duration grace) {
        return withAdmin("end open write transactions", c -> OpenWriteTransactions.end(c, grace));
    }

    @Override
    public TableDiff.Result diffTable(TableDiffSpec spec) {
        ShardPair pair = spec.pair();
        return withAdmin("diff table " + spec.table(), target -> {
            try (Connection source = Streams.connectSource(spec.sourceHost(), spec.sourceMysqlPort(), mysqld.accounts())) {
                return TableDiff.diff(source, spec.sourceDatabase(), target, identity.database(), spec.table(), pair);
            }
        });
    }

    /** After a restart: resumes the streams that were copying or running (a primary's job). */
    public void resumeStreams() {
        if (serving.get().type() == TabletType.PRIMARY) {
            streams.resumeAll();
        } else {
            streams.unsuspend();
        }
    }

    /** The tablet's mysqld crashed: its streams stop and answer {@code why} until {@link #resumeStreams}. */
    void suspendStreams(String why) {
        streams.suspend(why);
    }

    /** Stops every stream (tablet shutdown); their state stays for the next start. */
    public void stopStreams() {
        streams.stopAll();
    }

    /** Reloads the query service's table list now. */
    public void reloadSchema() {
        withAdmin("reload schema", c -> {
            schemaCache.reload(c);
            return null;
        });
    }

    // ---- online schema changes (docs/schema-changes.md)

    private ShadowTables shadow() {
        return new ShadowTables(identity.database());
    }

    @Override
    public AlterAlgorithm probeAlter(String table, String alterClauses) {
        requirePrimary("probe alter");
        return withAdmin("probe alter of " + table, c -> shadow().probe(c, table, "_" + table + "_osc_probe", alterClauses));
    }

    @Override
    public void createShadowTable(String table, String shadowTable, String alterClauses, boolean fresh) {
        requirePrimary("create shadow table");
        withAdmin("create shadow table " + shadowTable, c -> {
            shadow().createShadow(c, table, shadowTable, "_" + table + "_osc_building", alterClauses, fresh);
            schemaCache.reload(c);
            return null;
        });
    }

    @Override
    public void holdTables(List<String> tables) {
        Set<String> held = Set.copyOf(tables);
        Set<String> before = serving.cutoverTables();
        serving.setCutoverTables(held);
        // denied tables carry the hold (fail closed, drained); the cut-over set only changes the refusal's words
        drained("hold tables " + tables, serving.updateAndDrain(st -> {
            Set<String> denied = new HashSet<>(st.deniedTables());
            denied.removeAll(before.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList());
            held.forEach(t -> denied.add(t.toLowerCase(Locale.ROOT)));
            return st.withDeniedTables(denied);
        }, DRAIN_MILLIS));
    }

    @Override
    public boolean swapTables(String table, String incoming, String outgoing) {
        requirePrimary("swap tables");
        return withAdmin("swap " + incoming + " in for " + table, c -> {
            boolean swapped = shadow().swap(c, table, incoming, outgoing);
            schemaCache.reload(c);
            return swapped;
        });
    }

    @Override
    public TableChecksum verifyFollowing(String table, String target, String workflow) {
        // its copy may be stored as done a moment before the stream follows the binlog in this process
        streams.waitForPosition(workflow, "", VERIFY_CATCH_UP);
        return withAdmin("verify " + target + " against " + table, a -> {
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

    @Override
    public long estimatedRows(String table) {
        return withAdmin("estimate rows of " + table, c -> shadow().estimatedRows(c, table));
    }

    // --- helpers -------------------------------------------------------------------------------

    private <T> T withAdmin(String what, TabletAdmin.SqlWork<T> work) {
        return admin.run(what, work);
    }

    private void requirePrimary(String what) {
        if (serving.get().type() != TabletType.PRIMARY) {
            throw new TabletManagerException(what + ": tablet " + identity.describe() + " is " + serving.get().type().word()
                    + "; run it on the shard's primary, its replicas receive it through replication");
        }
    }

    // ---- backups (issue 17)

    private volatile ShardBackup shardBackup;

    private ShardBackup shardBackup() {
        if (mysqld.externalServer().isPresent()) {
            throw new TabletManagerException("tablet " + identity.describe() + " runs beside an external MariaDB; "
                    + "backups run where shardops runs the server");
        }
        ShardBackup b = shardBackup;
        if (b == null) {
            synchronized (this) {
                if (shardBackup == null) {
                    shardBackup = new ShardBackup(mysqld.config(), mysqld.accounts(),
                            identity.alias().toString(), Clock.systemUTC());
                }
                b = shardBackup;
            }
        }
        return b;
    }

    @Override
    public BackupManifest backup(BackupRequest request) {
        if (!request.keyspace().equals(identity.keyspace()) || !request.shard().equals(identity.shard())) {
            throw new IllegalArgumentException("tablet " + identity.describe() + " cannot back up " + request.keyspace() + "/" + request.shard());
        }
        return shardBackup().take(request);
    }

    @Override
    public BackupProgress backupProgress() {
        ShardBackup b = shardBackup;
        return b == null ? BackupProgress.IDLE : b.progress();
    }

    @Override
    public ShardRestore.Result restoreBackup(BackupRequest request,
                                                                          BackupManifest manifest) {
        boolean own = manifest.keyspace().equals(identity.keyspace()) && manifest.shard().equals(identity.shard());
        // a snapshot keyspace's tablet (shardops restore --into) restores its base keyspace's shard, named in the request
        boolean snapshot = !request.keyspace().equals(identity.keyspace())
                && manifest.keyspace().equals(request.keyspace()) && manifest.shard().equals(request.shard());
        if (!own && !snapshot) {
            throw new IllegalArgumentException("tablet " + identity.describe() + " cannot restore a backup of "
                    + manifest.keyspace() + "/" + manifest.shard());
        }
        if (serving.get().type() == TabletType.PRIMARY) {
            throw new TabletManagerException("tablet " + identity.describe() + " is the primary; a backup is restored only into a new replica or rdonly");
        }
        shardBackup();
        ShardRestore.Result r = ShardRestore.restoreInto(mysqld,
                new BackupCatalog(
                        BackupLocations.open(request.location(), request.credentialsFile())),
                manifest);
        try (Connection c = admin.connect()) {
            schemaCache.reload(c);
        } catch (SQLException e) {
            throw new TabletManagerException("tablet " + identity.describe() + ": restored, but its schema could not be read: " + e.getMessage(), e);
        }
        return r;
    }

    @Override
    public BackupVerification.Result verifyBackup(BackupRequest request, BackupManifest manifest) {
        boolean own = manifest.keyspace().equals(identity.keyspace()) && manifest.shard().equals(identity.shard());
        // a snapshot keyspace's tablet (shardops restore --into) restores its base keyspace's shard, named in the request
        boolean snapshot = !request.keyspace().equals(identity.keyspace())
                && manifest.keyspace().equals(request.keyspace()) && manifest.shard().equals(request.shard());
        if (!own && !snapshot) {
            throw new IllegalArgumentException("tablet " + identity.describe() + " cannot verify a backup of "
                    + manifest.keyspace() + "/" + manifest.shard());
        }
        if (serving.get().type() == TabletType.PRIMARY) {
            throw new TabletManagerException("tablet " + identity.describe() + " is the primary; a backup is verified on a replica or rdonly,"
                    + " whose replication can stand still while the tables are compared");
        }
        shardBackup();
        return BackupVerification.verify(mysqld, identity.database(),
                new BackupCatalog(BackupLocations.open(request.location(), request.credentialsFile())), manifest, Duration.ofMinutes(10));
    }
}
