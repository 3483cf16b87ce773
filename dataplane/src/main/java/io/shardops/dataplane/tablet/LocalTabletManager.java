package io.shardops.dataplane.tablet;

import io.shardops.dataplane.tablet.query.SchemaCache;
import io.shardops.dataplane.tablet.query.ServingControl;
import io.shardops.dataplane.tablet.query.ServingState;
import io.shardops.dataplane.tablet.shadow.AlterAlgorithm;
import io.shardops.dataplane.tablet.shadow.TableChecksum;
import io.shardops.spec.Durability;
import static io.shardops.dataplane.tablet.AdminSql.exec;
import static io.shardops.dataplane.tablet.MariaDbReplication.replicationStatus;

import io.shardops.dataplane.backup.BackupManifest;
import io.shardops.dataplane.backup.BackupProgress;
import io.shardops.dataplane.backup.BackupRequest;
import io.shardops.dataplane.backup.BackupVerification;
import io.shardops.dataplane.backup.ShardRestore;
import io.shardops.dataplane.mysqlctl.Mysqld;
import io.shardops.dataplane.mysqlctl.MysqldHealth;
import io.shardops.dataplane.tablet.diff.ShardPair;
import io.shardops.dataplane.tablet.diff.TableDiff;
import io.shardops.dataplane.tablet.diff.TableDiffSpec;
import io.shardops.spec.TabletType;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The tablet manager inside the tablet's process: SQL over JDBC to the tablet's own MariaDB. Replication and
 * fencing are {@link TabletReplication}'s, streams are {@link Streams}', serving is {@link ServingControl}'s,
 * online schema changes {@link TabletSchemaChanges}' and backups {@link TabletBackups}': each part keeps its own
 * checks, and this class only routes the {@link TabletManager} calls to them.
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
    private final TabletSchemaChanges schemaChanges;
    private final TabletBackups backups;

    public LocalTabletManager(TabletIdentity identity, Mysqld mysqld, ServingControl serving, SchemaCache schemaCache) {
        this.identity = identity;
        this.mysqld = mysqld;
        this.serving = serving;
        this.schemaCache = schemaCache;
        this.streams = new Streams(identity, mysqld);
        this.db = new TabletDatabase(identity);
        this.admin = new TabletAdmin(identity, mysqld);
        this.replication = new TabletReplication(identity, mysqld, serving, schemaCache, db, admin);
        this.schemaChanges = new TabletSchemaChanges(identity, serving, schemaCache, streams, db, admin);
        this.backups = new TabletBackups(identity, mysqld, serving, schemaCache, admin);
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
        schemaChanges.applySchema(statements);
    }

    @Override
    public List<TableSchema> schema(List<String> tables) {
        return schemaChanges.schema(tables);
    }

    @Override
    public void createSequence(String name, long start, long cache) {
        schemaChanges.createSequence(name, start, cache);
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
        drained(identity, what, drained);
    }

    static void drained(TabletIdentity identity, String what, boolean drained) {
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

    // ---- durability, failover and fencing (issue 16): TabletReplication

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
        replication.fence();
    }

    @Override
    public int endOpenWriteTransactions(Duration grace) {
        return replication.endOpenWriteTransactions(grace);
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

    // ---- online schema changes (docs/schema-changes.md): TabletSchemaChanges too

    @Override
    public AlterAlgorithm probeAlter(String table, String alterClauses) {
        return schemaChanges.probeAlter(table, alterClauses);
    }

    @Override
    public void createShadowTable(String table, String shadowTable, String alterClauses, boolean fresh) {
        schemaChanges.createShadowTable(table, shadowTable, alterClauses, fresh);
    }

    @Override
    public void holdTables(List<String> tables) {
        schemaChanges.holdTables(tables);
    }

    @Override
    public boolean swapTables(String table, String incoming, String outgoing) {
        return schemaChanges.swapTables(table, incoming, outgoing);
    }

    @Override
    public TableChecksum verifyFollowing(String table, String target, String workflow) {
        return schemaChanges.verifyFollowing(table, target, workflow);
    }

    @Override
    public long estimatedRows(String table) {
        return schemaChanges.estimatedRows(table);
    }

    // --- helpers -------------------------------------------------------------------------------

    private <T> T withAdmin(String what, TabletAdmin.SqlWork<T> work) {
        return admin.run(what, work);
    }

    private void requirePrimary(String what) {
        requirePrimary(serving, identity, what);
    }

    /** Calls that change the shard's data or schema run on its primary; its replicas receive them by replication. */
    static void requirePrimary(ServingControl serving, TabletIdentity identity, String what) {
        if (serving.get().type() != TabletType.PRIMARY) {
            throw new TabletManagerException(what + ": tablet " + identity.describe() + " is " + serving.get().type().word()
                    + "; run it on the shard's primary, its replicas receive it through replication");
        }
    }

    // ---- backups (issue 17): TabletBackups

    @Override
    public BackupManifest backup(BackupRequest request) {
        return backups.backup(request);
    }

    @Override
    public BackupProgress backupProgress() {
        return backups.backupProgress();
    }

    @Override
    public ShardRestore.Result restoreBackup(BackupRequest request, BackupManifest manifest) {
        return backups.restoreBackup(request, manifest);
    }

    @Override
    public BackupVerification.Result verifyBackup(BackupRequest request, BackupManifest manifest) {
        return backups.verifyBackup(request, manifest);
    }
}
