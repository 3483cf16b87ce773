package io.shardops.dataplane.tablet;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Ends the transactions that wrote on this MariaDB and are still open, for a primary switch: once the
 * source stopped taking writes, a transaction that wrote before could still commit after the source's final
 * position was read (MoveTables denies only the moved tables; COMMIT names none), and the targets would never
 * get it. Such transactions get a grace period to end; those still open are killed, so they roll back and
 * their clients' COMMIT fails: nothing of them was acknowledged.
 */
final class OpenWriteTransactions {
    private static final long POLL_MILLIS = 50;

    private OpenWriteTransactions() {}

    /** Waits up to {@code grace} for open write transactions to end, kills the rest; answers how many were killed. */
    static int end(Connection c, Duration grace) throws SQLException {
        try (Statement st = c.createStatement()) {
            long deadline = System.nanoTime() + grace.toNanos();
            List<Long> open = open(st);
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                pause();
                open = open(st);
            }
            for (long id : open) {
                try {
                    st.execute("KILL CONNECTION " + id);  // a number MariaDB gave us, not text from anyone
                } catch (SQLException gone) {
                    // it ended by itself meanwhile
                }
            }
            return open.size();
        }
    }

    private static List<Long> open(Statement st) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT trx_mysql_thread_id FROM information_schema.innodb_trx"
                + " WHERE trx_rows_modified > 0 AND trx_mysql_thread_id <> CONNECTION_ID()")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TabletManagerException("interrupted while waiting for open transactions to end", e);
        }
    }
}
