package io.shardops.dataplane.tablet;

/**
 * A tablet's replication, as MariaDB reports it.
 *
 * @param sourcePort      the primary's MariaDB port this tablet replicates from; 0 when not a replica
 * @param ioRunning       the IO thread is connected and reading
 * @param sqlRunning      the SQL thread applies events
 * @param lagSeconds      {@code Seconds_Behind_Master}; -1 when unknown (replication stopped)
 * @param lastError       the last IO or SQL error, empty when none
 * @param gtidCurrentPos  {@code @@gtid_current_pos}: what this server has, written or applied
 * @param gtidSlavePos    {@code @@gtid_slave_pos}: what replication has applied
 * @param gtidBinlogPos   {@code @@gtid_binlog_pos}: the last transactions in this server's binlog
 * @param sourceHost      the primary's MariaDB host this tablet replicates from; empty when not a replica
 * @param gtidBinlogState {@code @@gtid_binlog_state}: the last GTID of every server in each domain of the binlog,
 *                        what tells a former primary's unacknowledged transactions from the new primary's history
 */
public record ReplicationStatus(int sourcePort, boolean ioRunning, boolean sqlRunning, long lagSeconds, String lastError,
                                String gtidCurrentPos, String gtidSlavePos, String gtidBinlogPos, String sourceHost,
                                String gtidBinlogState) {
    public ReplicationStatus {
        sourceHost = sourceHost == null ? "" : sourceHost;
        gtidBinlogState = gtidBinlogState == null ? "" : gtidBinlogState;
    }

    /** Whether it replicates from the MariaDB at {@code host:port}. */
    public boolean replicatesFrom(String host, int port) {
        return sourcePort == port && sourceHost.equals(host);
    }

    public boolean isReplica() {
        return sourcePort > 0;
    }

    public boolean healthy() {
        return !isReplica() || (ioRunning && sqlRunning && lastError.isEmpty());
    }
}
