package io.shardops.dataplane.tablet;

import io.shardops.spec.sql.Sql;
import static io.shardops.dataplane.tablet.AdminSql.exec;
import static io.shardops.dataplane.tablet.AdminSql.nullToEmpty;
import static io.shardops.dataplane.tablet.AdminSql.query1;
import static io.shardops.dataplane.tablet.MariaDbReplication.awaitRelayLogApplied;
import static io.shardops.dataplane.tablet.MariaDbReplication.isReplicating;
import static io.shardops.dataplane.tablet.MariaDbReplication.readOnly;
import static io.shardops.dataplane.tablet.MariaDbReplication.replicationStatus;
import static io.shardops.dataplane.tablet.MariaDbReplication.slaveStatus;
import static io.shardops.dataplane.tablet.MariaDbReplication.stopAndForgetReplication;
import static io.shardops.dataplane.tablet.TabletDatabase.showCreateTable;

import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.dataplane.tablet.MariaDbReplication.SlaveStatus;
import io.shardops.dataplane.mysqlctl.Mysqld;
import io.shardops.dataplane.mysqlctl.MysqldHealth;
import io.shardops.dataplane.tablet.diff.ShardPair;
import io.shardops.dataplane.tablet.diff.TableDiff;
import io.shardops.dataplane.tablet.diff.TableDiffSpec;
import io.shardops.spec.Sequence;
import io.shardops.spec.TabletType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The tablet manager inside the tablet's process: SQL over JDBC to the tablet's own MariaDB. */
public final class LocalTabletManager implements TabletManager {
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);

    private final TabletIdentity identity;
    private final Mysqld mysqld;
    private final ServingControl serving;
    private final SchemaCache schemaCache;
    private final Streams streams;
    private final TabletDatabase db;

    public LocalTabletManager(TabletIdentity identity, Mysqld mysqld, ServingControl serving, SchemaCache schemaCache) {
        this.identity = identity;
        this.mysqld = mysqld;
        this.serving = serving;
        this.schemaCache = schemaCache;
        this.streams = new Streams(identity, mysqld);
        this.db = new TabletDatabase(identity);
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
            try (Connection c = admin()) {
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
        return withAdmin("init primary", c -> {
            if (serving.get().type() == TabletType.PRIMARY && !isReplicating(c) && !readOnly(c) && db.databaseExists(c)) {
                return query1(c, "SELECT @@gtid_binlog_pos");
            }
            stopAndForgetReplication(c);
            exec(c, "SET GLOBAL read_only = 0");
            exec(c, "CREATE DATABASE IF NOT EXISTS " + Sql.identifier(identity.database()));
            serving.update(st -> st.withType(TabletType.PRIMARY));
            schemaCache.reload(c);
            return query1(c, "SELECT @@gtid_binlog_pos");
        });
    }

    /**
     * A replica's connection to its primary keeps the password it was given; after the cluster's credentials
     * were rotated that password is gone. Called at every start of the tablet: re-points replication with the
     * current admin password (same source, same position), and does nothing on a server that replicates from
     * no one.
     */
    void refreshReplicationCredentials() {
        withAdmin("refresh the replication credentials", c -> {
            Optional<SlaveStatus> current = slaveStatus(c);
            if (current.isEmpty()) {
                return null;
            }
            boolean running = current.get().ioRunning() || current.get().sqlRunning();
            exec(c, "STOP SLAVE");
            exec(c, "CHANGE MASTER TO MASTER_USER = " + Sql.literal(MysqlAccounts.ADMIN_USER)
                    + ", MASTER_PASSWORD = " + Sql.literal(mysqld.accounts().adminPassword()));
            if (running) {
                exec(c, "START SLAVE");
            }
            return null;
        });
    }

    @Override
    public void setReplicationSource(String primaryHost, int primaryMysqlPort) {
        withAdmin("point replication at " + primaryHost + ":" + primaryMysqlPort, c -> {
            Optional<SlaveStatus> current = slaveStatus(c);
            boolean same = current.isPresent() && current.get().host().equals(primaryHost) && current.get().port() == primaryMysqlPort;
            exec(c, "SET GLOBAL read_only = 1");
            if (serving.get().type() == TabletType.PRIMARY) {
                serving.update(st -> st.withType(TabletType.REPLICA));
            }
            if (same && current.get().ioRunning() && current.get().sqlRunning()) {
                return null;
            }
            exec(c, "STOP SLAVE");
            if (!same) {
                // A former primary's own transactions are in its binlog, not in gtid_slave_pos: start after them.
                if (!query1(c, "SELECT @@gtid_binlog_pos").isEmpty()) {
                    exec(c, "SET GLOBAL gtid_slave_pos = @@gtid_current_pos");
                }
                exec(c, "CHANGE MASTER TO MASTER_HOST = " + Sql.literal(primaryHost) + ", MASTER_PORT = " + primaryMysqlPort
                        + ", MASTER_USER = " + Sql.literal(MysqlAccounts.ADMIN_USER) + ", MASTER_PASSWORD = " + Sql.literal(mysqld.accounts().adminPassword())
                        + ", MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1, MASTER_HEARTBEAT_PERIOD = 1");
            }
            exec(c, "START SLAVE");
            return null;
        });
    }

    @Override
    public String promoteReplica() {
        return withAdmin("promote to primary", c -> {
            if (isReplicating(c)) {
                // Apply everything already fetched before forgetting the relay logs.
                exec(c, "STOP SLAVE IO_THREAD");
                awaitRelayLogApplied(c, identity, CATCH_UP_TIMEOUT);
            }
            stopAndForgetReplication(c);
            exec(c, "SET GLOBAL read_only = 0");
            exec(c, "CREATE DATABASE IF NOT EXISTS " + Sql.identifier(identity.database()));
            serving.update(st -> st.withType(TabletType.PRIMARY));
            return query1(c, "SELECT @@gtid_binlog_pos");
        });
    }

    @Override
    public void stopReplication() {
        withAdmin("stop replication", c -> {
            exec(c, "STOP SLAVE");
            return null;
        });
    }

    @Override
    public void startReplicationUntil(String gtidPosition) {
        GtidPosition.parse(gtidPosition);  // a malformed position is refused here, not by MariaDB's parser
        withAdmin("start replication until " + gtidPosition, c -> {
            requireReplicationSource(c);
            exec(c, "STOP SLAVE");
            try (java.sql.PreparedStatement ps = c.prepareStatement("START SLAVE UNTIL master_gtid_pos = ?")) {
                ps.setString(1, gtidPosition);
                ps.execute();
            }
            return null;
        });
    }

    private void requireReplicationSource(Connection c) throws SQLException {
        if (slaveStatus(c).isEmpty()) {
            throw new TabletManagerException("tablet " + identity.describe() + " has no replication source; point it at its primary first");
        }
    }

    @Override
    public void startReplication() {
        withAdmin("start replication", c -> {
            requireReplicationSource(c);
            exec(c, "START SLAVE");
            return null;
        });
    }

    @Override
    public void waitForPosition(String gtidPosition, Duration timeout) {
        GtidPosition target = GtidPosition.parse(gtidPosition);
        withAdmin("wait for position " + gtidPosition, c -> {
            if (GtidPosition.parse(query1(c, "SELECT @@gtid_current_pos")).contains(target)) {
                return null;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT MASTER_GTID_WAIT(?, ?)")) {
                ps.setString(1, target.toString());
                ps.setDouble(2, timeout.toMillis() / 1000.0);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) != 0) {
                        throw new TabletManagerException("tablet " + identity.describe() + " did not reach GTID position " + gtidPosition
                                + " within " + timeout.toMillis() + " ms (it has " + query1(c, "SELECT @@gtid_current_pos")
                                + "); check its replication with shardops status");
                    }
                }
            }
            return null;
        });
    }

    @Override
    public String replicationPosition() {
        return withAdmin("read replication position", c -> query1(c, "SELECT @@gtid_current_pos"));
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
            Set<String> wanted = tables.stream().map(t -> t.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
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

    // --- helpers -------------------------------------------------------------------------------

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T withAdmin(String what, SqlWork<T> work) {
        try (Connection c = admin()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new TabletManagerException(what + " on tablet " + identity.describe() + " failed: " + e.getMessage()
                    + " (MariaDB error " + e.getErrorCode() + ", mysqld " + mysqldSummary() + ")", e);
        }
    }

    private String mysqldSummary() {
        return mysqld.health().summary();
    }

    private Connection admin() throws SQLException {
        return mysqld.connectAdmin(null);
    }

    private void requirePrimary(String what) {
        if (serving.get().type() != TabletType.PRIMARY) {
            throw new TabletManagerException(what + ": tablet " + identity.describe() + " is " + serving.get().type().word()
                    + "; run it on the shard's primary, its replicas receive it through replication");
        }
    }
}
