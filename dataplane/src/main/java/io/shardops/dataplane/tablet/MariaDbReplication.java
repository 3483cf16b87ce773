package io.shardops.dataplane.tablet;

import static io.shardops.dataplane.tablet.AdminSql.exec;
import static io.shardops.dataplane.tablet.AdminSql.nullToEmpty;
import static io.shardops.dataplane.tablet.AdminSql.query1;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/** The tablet's MariaDB replication as the tablet manager reads and changes it: SHOW SLAVE STATUS, GTID positions, read_only. */
final class MariaDbReplication {
    private MariaDbReplication() {}

    static boolean readOnly(Connection c) throws SQLException {
        return "1".equals(query1(c, "SELECT @@read_only"));
    }

    static boolean isReplicating(Connection c) throws SQLException {
        return slaveStatus(c).isPresent();
    }

    static void stopAndForgetReplication(Connection c) throws SQLException {
        if (slaveStatus(c).isPresent()) {
            exec(c, "STOP SLAVE");
            exec(c, "RESET SLAVE ALL");
        }
    }

    static void awaitRelayLogApplied(Connection c, TabletIdentity identity, Duration timeout) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<SlaveStatus> s = slaveStatus(c);
            if (s.isEmpty() || !s.get().sqlRunning() || s.get().allRelayLogApplied()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TabletManagerException("promote " + identity.describe() + ": replication did not apply its relay log within "
                        + timeout.toSeconds() + " s");
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
    record SlaveStatus(String host, int port, boolean ioRunning, boolean sqlRunning, long lagSeconds, String lastError,
                               String masterLogFile, long readPos, String relayMasterLogFile, long execPos) {
        boolean allRelayLogApplied() {
            return masterLogFile.equals(relayMasterLogFile) && readPos == execPos;
        }
    }

    static Optional<SlaveStatus> slaveStatus(Connection c) throws SQLException {
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

    static ReplicationStatus replicationStatus(Connection c) throws SQLException {
        Optional<SlaveStatus> s = slaveStatus(c);
        String current;
        String slave;
        String binlog;
        String binlogState;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@gtid_current_pos, @@gtid_slave_pos, @@gtid_binlog_pos, @@gtid_binlog_state")) {
            rs.next();
            current = nullToEmpty(rs.getString(1));
            slave = nullToEmpty(rs.getString(2));
            binlog = nullToEmpty(rs.getString(3));
            binlogState = nullToEmpty(rs.getString(4));
        }
        if (s.isEmpty()) {
            return new ReplicationStatus(0, false, false, 0, "", current, slave, binlog, "", binlogState);
        }
        SlaveStatus ss = s.get();
        return new ReplicationStatus(ss.port(), ss.ioRunning(), ss.sqlRunning(), ss.lagSeconds(), ss.lastError(), current, slave, binlog, ss.host(), binlogState);
    }
}
