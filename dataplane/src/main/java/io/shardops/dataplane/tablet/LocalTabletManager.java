package io.shardops.dataplane.tablet;

import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.dataplane.mysqlctl.Mysqld;
import io.shardops.dataplane.mysqlctl.MysqldHealth;
import io.shardops.spec.sql.Sql;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The tablet manager inside the tablet's process: SQL over JDBC to the tablet's own MariaDB. */
public final class LocalTabletManager implements TabletManager {
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "^\\s*create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?`?([A-Za-z0-9_$]+)`?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DROP_TABLE = Pattern.compile("^\\s*drop\\s+table\\s", Pattern.CASE_INSENSITIVE);
    private static final Pattern AUTO_INCREMENT_OPTION = Pattern.compile(" AUTO_INCREMENT=\\d+");
    private static final String SCRATCH_DB = "_shardops_scratch";
    private static final int ER_BAD_TABLE = 1051;
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);

    private final TabletIdentity identity;
    private final Mysqld mysqld;
    private final ServingControl serving;
    private final SchemaCache schemaCache;
    private final Streams streams;

    public LocalTabletManager(TabletIdentity identity, Mysqld mysqld, ServingControl serving, SchemaCache schemaCache) {
        this.identity = identity;
        this.mysqld = mysqld;
        this.serving = serving;
        this.schemaCache = schemaCache;
        this.streams = new Streams(identity, mysqld);
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
            if (serving.get().type() == TabletType.PRIMARY && !isReplicating(c) && !readOnly(c) && databaseExists(c)) {
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
                awaitRelayLogApplied(c);
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
            useDatabase(c);
            for (String raw : statements) {
                String sql = stripTerminator(raw);
                if (sql.isEmpty()) {
                    continue;
                }
                Matcher create = CREATE_TABLE.matcher(sql);
                if (create.find() && tableExists(c, create.group(1))) {
                    requireSameDefinition(c, create.group(1), sql);
                    continue;
                }
                try {
                    exec(c, sql);
                } catch (SQLException e) {
                    if (!(e.getErrorCode() == ER_BAD_TABLE && DROP_TABLE.matcher(sql).find())) {
                        throw new TabletManagerException("apply schema on " + identity.describe() + ": " + e.getMessage()
                                + " (error " + e.getErrorCode() + ") in: " + sql, e);
                    }
                    // dropping a table that is gone already: done by an earlier, interrupted run
                }
            }
            schemaCache.reload(c);
            return null;
        });
    }

    @Override
    public List<TableSchema> schema(List<String> tables) {
        return withAdmin("read schema", c -> {
            List<TableSchema> out = new ArrayList<>();
            Set<String> wanted = tables.stream().map(t -> t.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
            for (String name : tableNames(c)) {
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
            useDatabase(c);
            if (!tableExists(c, name)) {
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

    private void useDatabase(Connection c) throws SQLException {
        exec(c, "CREATE DATABASE IF NOT EXISTS " + Sql.identifier(identity.database()));
        c.setCatalog(identity.database());
    }

    private void requireSameDefinition(Connection c, String table, String createSql) throws SQLException {
        String existing = showCreateTable(c, identity.database(), table);
        exec(c, "SET SESSION sql_log_bin = 0");
        try {
            exec(c, "CREATE DATABASE IF NOT EXISTS " + Sql.identifier(SCRATCH_DB));
            exec(c, "DROP TABLE IF EXISTS " + Sql.qualified(SCRATCH_DB, table));
            c.setCatalog(SCRATCH_DB);
            exec(c, createSql.replaceFirst("(?i)\\s+if\\s+not\\s+exists\\s+", " "));
            String proposed = showCreateTable(c, SCRATCH_DB, table);
            exec(c, "DROP TABLE " + Sql.qualified(SCRATCH_DB, table));
            if (!proposed.equals(existing)) {
                throw new TabletManagerException("apply schema on " + identity.describe() + ": table " + table
                        + " exists with a different definition:\n" + existing + "\nwanted:\n" + proposed
                        + "\nchange it with ALTER TABLE statements instead of CREATE TABLE");
            }
        } finally {
            c.setCatalog(identity.database());
            exec(c, "SET SESSION sql_log_bin = 1");
        }
    }

    private List<String> tableNames(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name")) {
            ps.setString(1, identity.database());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            ps.setString(1, identity.database());
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private boolean databaseExists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.schemata WHERE schema_name = ?")) {
            ps.setString(1, identity.database());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static String showCreateTable(Connection c, String database, String table) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + Sql.qualified(database, table))) {
            rs.next();
            return AUTO_INCREMENT_OPTION.matcher(rs.getString(2)).replaceAll("");
        }
    }

    private boolean readOnly(Connection c) throws SQLException {
        return "1".equals(query1(c, "SELECT @@read_only"));
    }

    private boolean isReplicating(Connection c) throws SQLException {
        return slaveStatus(c).isPresent();
    }

    private void stopAndForgetReplication(Connection c) throws SQLException {
        if (slaveStatus(c).isPresent()) {
            exec(c, "STOP SLAVE");
            exec(c, "RESET SLAVE ALL");
        }
    }

    private void awaitRelayLogApplied(Connection c) throws SQLException {
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        while (true) {
            Optional<SlaveStatus> s = slaveStatus(c);
            if (s.isEmpty() || !s.get().sqlRunning() || s.get().allRelayLogApplied()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TabletManagerException("promote " + identity.describe() + ": replication did not apply its relay log within "
                        + CATCH_UP_TIMEOUT.toSeconds() + " s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TabletManagerException("interrupted while promoting " + identity.describe(), e);
            }
        }
    }

    /** The parts of SHOW SLAVE STATUS we use. */
    private record SlaveStatus(String host, int port, boolean ioRunning, boolean sqlRunning, long lagSeconds, String lastError,
                               String masterLogFile, long readPos, String relayMasterLogFile, long execPos) {
        boolean allRelayLogApplied() {
            return masterLogFile.equals(relayMasterLogFile) && readPos == execPos;
        }
    }

    private static Optional<SlaveStatus> slaveStatus(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW SLAVE STATUS")) {
            if (!rs.next()) {
                return Optional.empty();
            }
            long lag = rs.getLong("Seconds_Behind_Master");
            if (rs.wasNull()) {
                lag = -1;
            }
            String ioError = nullToEmpty(rs.getString("Last_IO_Error"));
            String sqlError = nullToEmpty(rs.getString("Last_SQL_Error"));
            return Optional.of(new SlaveStatus(rs.getString("Master_Host"), rs.getInt("Master_Port"),
                    "Yes".equals(rs.getString("Slave_IO_Running")), "Yes".equals(rs.getString("Slave_SQL_Running")), lag,
                    !sqlError.isEmpty() ? sqlError : ioError,
                    nullToEmpty(rs.getString("Master_Log_File")), rs.getLong("Read_Master_Log_Pos"),
                    nullToEmpty(rs.getString("Relay_Master_Log_File")), rs.getLong("Exec_Master_Log_Pos")));
        }
    }

    private static ReplicationStatus replicationStatus(Connection c) throws SQLException {
        Optional<SlaveStatus> s = slaveStatus(c);
        String current;
        String slave;
        String binlog;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@gtid_current_pos, @@gtid_slave_pos, @@gtid_binlog_pos")) {
            rs.next();
            current = nullToEmpty(rs.getString(1));
            slave = nullToEmpty(rs.getString(2));
            binlog = nullToEmpty(rs.getString(3));
        }
        if (s.isEmpty()) {
            return new ReplicationStatus(0, false, false, 0, "", current, slave, binlog);
        }
        SlaveStatus ss = s.get();
        return new ReplicationStatus(ss.port(), ss.ioRunning(), ss.sqlRunning(), ss.lagSeconds(), ss.lastError(), current, slave, binlog);
    }

    private static String query1(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return nullToEmpty(rs.getString(1));
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String stripTerminator(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
