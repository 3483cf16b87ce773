package io.shardops.dataplane.tablet;

import static io.shardops.dataplane.tablet.AdminSql.exec;
import static io.shardops.dataplane.tablet.AdminSql.query1;
import static io.shardops.dataplane.tablet.MariaDbReplication.awaitRelayLogApplied;
import static io.shardops.dataplane.tablet.MariaDbReplication.isReplicating;
import static io.shardops.dataplane.tablet.MariaDbReplication.readOnly;
import static io.shardops.dataplane.tablet.MariaDbReplication.slaveStatus;
import static io.shardops.dataplane.tablet.MariaDbReplication.stopAndForgetReplication;

import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.dataplane.mysqlctl.Mysqld;
import io.shardops.dataplane.replication.GtidPosition;
import io.shardops.dataplane.tablet.MariaDbReplication.SlaveStatus;
import io.shardops.dataplane.tablet.query.SchemaCache;
import io.shardops.dataplane.tablet.query.ServingControl;
import io.shardops.spec.Durability;
import io.shardops.spec.TabletType;
import io.shardops.spec.sql.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * A tablet's place in its shard's MariaDB replication: the primary (writable, its database created) or a
 * replica of a primary (read-only, GTID replication with the cluster's admin account); promotion, and
 * replication stopped, started and awaited at GTID positions.
 */
final class TabletReplication {
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);

    private final TabletIdentity identity;
    private final Mysqld mysqld;
    private final ServingControl serving;
    private final SchemaCache schemaCache;
    private final TabletDatabase db;
    private final TabletAdmin admin;

    TabletReplication(TabletIdentity identity, Mysqld mysqld, ServingControl serving, SchemaCache schemaCache,
                      TabletDatabase db, TabletAdmin admin) {
        this.identity = identity;
        this.mysqld = mysqld;
        this.serving = serving;
        this.schemaCache = schemaCache;
        this.db = db;
        this.admin = admin;
        this.semiSync = new SemiSync(mysqld.config().tabletDir());
    }

    private final SemiSync semiSync;

    // ---- durability and failover (issue 16)

    /** Saves the policy and applies it for the tablet's current type. */
    void setDurability(Durability durability) {
        semiSync.save(durability);
        withAdmin("set durability " + durability.word(), c -> {
            semiSync.apply(c, serving.get().type());
            return null;
        });
    }

    Durability durability() {
        return semiSync.policy();
    }

    /** Applies the saved policy for {@code type}; before a primary is made writable. */
    void applyDurability(Connection c, TabletType type) throws SQLException {
        semiSync.apply(c, type);
    }

    /**
     * Stops receiving from the primary (the IO thread) and answers what this replica has: applied, or received
     * and still in its relay log. An emergency reparent compares these to pick the most advanced replica.
     */
    String stopReceiving() {
        return withAdmin("stop receiving", c -> {
            Optional<SlaveStatus> s = slaveStatus(c);
            SemiSync.stopQuickly(c);
            if (s.isPresent() && s.get().ioRunning()) {
                exec(c, "STOP SLAVE IO_THREAD");
            }
            GtidPosition have = GtidPosition.parse(query1(c, "SELECT @@gtid_current_pos"));
            if (s.isPresent()) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW SLAVE STATUS")) {
                    if (rs.next()) {
                        have = have.union(GtidPosition.parse(rs.getString("Gtid_IO_Pos")));
                    }
                }
            }
            return have.toString();
        });
    }

    /**
     * A former primary stops taking writes: its queries drain, then its server turns read-only with the
     * replica's durability settings, so a partitioned primary cannot diverge from the new one.
     */
    void fence() {
        serving.updateAndDrain(st -> st.withType(TabletType.REPLICA).withServing(false), LocalTabletManager.DRAIN_MILLIS);
        // writes that were waiting for a semi-sync acknowledgement are errant on this server: end them first, as
        // SET GLOBAL read_only waits for them, and they wait for an acknowledgement that cannot come (a partition healed)
        withAdmin("end writes of a former primary", c -> OpenWriteTransactions.end(c, Duration.ZERO));
        withAdmin("fence a former primary", c -> {
            exec(c, "SET GLOBAL read_only = 1");
            applyDurability(c, TabletType.REPLICA);
            return null;
        });
    }

    int endOpenWriteTransactions(Duration grace) {
        return withAdmin("end open write transactions", c -> OpenWriteTransactions.end(c, grace));
    }

    private <T> T withAdmin(String what, TabletAdmin.SqlWork<T> work) {
        return admin.run(what, work);
    }

    String initPrimary() {
        return withAdmin("init primary", c -> {
            if (serving.get().type() == TabletType.PRIMARY && !isReplicating(c) && !readOnly(c) && db.databaseExists(c)) {
                return query1(c, "SELECT @@gtid_binlog_pos");
            }
            stopAndForgetReplication(c);
            // before semi-sync: a statement written now would wait for replicas not yet pointed here
            if (!db.databaseExists(c)) {
                exec(c, "CREATE DATABASE IF NOT EXISTS " + Sql.identifier(identity.database()));
            }
            semiSync.apply(c, TabletType.PRIMARY);
            exec(c, "SET GLOBAL read_only = 0");
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
    void refreshCredentials() {
        withAdmin("refresh the replication credentials", c -> {
            Optional<SlaveStatus> current = slaveStatus(c);
            if (current.isEmpty()) {
                return null;
            }
            boolean running = current.get().ioRunning() || current.get().sqlRunning();
            exec(c, "STOP SLAVE");
            exec(c, "CHANGE MASTER TO MASTER_USER = " + Sql.literal(MysqlAccounts.ADMIN_USER)
                    + ", MASTER_PASSWORD = " + Sql.literal(mysqld.accounts().adminPassword()));
            // MariaDB forgets the semi-sync settings at restart: a replica that reconnected without them would never
            // acknowledge, and its semi-sync primary would hold every write
            semiSync.apply(c, serving.get().type());
            if (running) {
                exec(c, "START SLAVE");
            }
            return null;
        });
    }

    void setSource(String primaryHost, int primaryMysqlPort) {
        withAdmin("point replication at " + primaryHost + ":" + primaryMysqlPort, c -> {
            Optional<SlaveStatus> current = slaveStatus(c);
            boolean same = current.isPresent() && current.get().host().equals(primaryHost) && current.get().port() == primaryMysqlPort;
            exec(c, "SET GLOBAL read_only = 1");
            if (serving.get().type() == TabletType.PRIMARY) {
                serving.update(st -> st.withType(TabletType.REPLICA));
            }
            semiSync.apply(c, serving.get().type());
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

    String promote() {
        return withAdmin("promote to primary", c -> {
            SemiSync.stopQuickly(c);
            if (isReplicating(c)) {
                // Apply everything already fetched before forgetting the relay logs.
                exec(c, "STOP SLAVE IO_THREAD");
                awaitRelayLogApplied(c, identity, CATCH_UP_TIMEOUT);
            }
            stopAndForgetReplication(c);
            // before semi-sync: a statement written now would wait for replicas not yet pointed here
            if (!db.databaseExists(c)) {
                exec(c, "CREATE DATABASE IF NOT EXISTS " + Sql.identifier(identity.database()));
            }
            semiSync.apply(c, TabletType.PRIMARY);
            exec(c, "SET GLOBAL read_only = 0");
            serving.update(st -> st.withType(TabletType.PRIMARY));
            return query1(c, "SELECT @@gtid_binlog_pos");
        });
    }

    void stop() {
        withAdmin("stop replication", c -> {
            exec(c, "STOP SLAVE");
            return null;
        });
    }

    void startUntil(String gtidPosition) {
        GtidPosition.parse(gtidPosition);  // a malformed position is refused here, not by MariaDB's parser
        withAdmin("start replication until " + gtidPosition, c -> {
            requireReplicationSource(c);
            exec(c, "STOP SLAVE");
            try (PreparedStatement ps = c.prepareStatement("START SLAVE UNTIL master_gtid_pos = ?")) {
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

    void start() {
        withAdmin("start replication", c -> {
            requireReplicationSource(c);
            exec(c, "START SLAVE");
            return null;
        });
    }

    void waitForPosition(String gtidPosition, Duration timeout) {
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

    String position() {
        return withAdmin("read replication position", c -> query1(c, "SELECT @@gtid_current_pos"));
    }
}
