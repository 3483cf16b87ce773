package io.shardops.dataplane.tablet.shadow;

import io.shardops.spec.sql.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The SQL of an online schema change on one tablet's database, on a connection the caller owns. */
public final class ShadowTables {
    private final String database;

    public ShadowTables(String database) {
        this.database = database;
    }

    /**
     * Asks MariaDB which algorithm it accepts for {@code alterClauses}: runs the ALTER with each algorithm in turn on an
     * empty copy of the table and keeps the first it accepts. The copy is made and dropped with the binary log off for
     * this session, so replicas never see it.
     */
    public AlterAlgorithm probe(Connection c, String table, String probeTable, String alterClauses) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_log_bin = 0");
            try {
                st.execute("DROP TABLE IF EXISTS " + q(probeTable));
                st.execute("CREATE TABLE " + q(probeTable) + " LIKE " + q(table));
                for (AlterAlgorithm a : AlterAlgorithm.values()) {
                    if (a == AlterAlgorithm.COPY) {
                        return a;
                    }
                    try {
                        st.execute(a.statement("ALTER TABLE " + q(probeTable) + " " + alterClauses));
                        return a;
                    } catch (SQLException refused) {
                        // MariaDB says this algorithm cannot do it (ER_ALTER_OPERATION_NOT_SUPPORTED*): try the next
                        if (!refused.getMessage().toLowerCase(Locale.ROOT).contains("not supported")
                                && !refused.getMessage().toLowerCase(Locale.ROOT).contains("algorithm")) {
                            throw refused;  // the ALTER itself is wrong: no algorithm will take it
                        }
                    }
                }
                return AlterAlgorithm.COPY;
            } finally {
                st.execute("DROP TABLE IF EXISTS " + q(probeTable));
                st.execute("SET SESSION sql_log_bin = 1");
            }
        }
    }

    /**
     * Creates {@code shadow} empty, with {@code table}'s definition changed by {@code alterClauses}, under a temporary
     * name first so that {@code shadow} only ever exists finished. Logged: replicas get the shadow and, later, the swap.
     *
     * @param fresh drop a {@code shadow} left from an earlier change first; false keeps one (a resumed change)
     * @return whether it was created now
     */
    public boolean createShadow(Connection c, String table, String shadow, String building, String alterClauses, boolean fresh) throws SQLException {
        try (Statement st = c.createStatement()) {
            if (fresh) {
                st.execute("DROP TABLE IF EXISTS " + q(shadow));
            } else if (exists(c, shadow)) {
                return false;
            }
            st.execute("DROP TABLE IF EXISTS " + q(building));
            st.execute("CREATE TABLE " + q(building) + " LIKE " + q(table));
            st.execute("ALTER TABLE " + q(building) + " " + alterClauses);
            st.execute("RENAME TABLE " + q(building) + " TO " + q(shadow));
            return true;
        }
    }

    /**
     * {@code RENAME TABLE table TO outgoing, incoming TO table}: one atomic statement, so no query ever finds the table
     * missing. Already swapped (no {@code incoming}, an {@code outgoing}): nothing to do.
     *
     * @return whether it swapped now
     */
    public boolean swap(Connection c, String table, String incoming, String outgoing) throws SQLException {
        boolean in = exists(c, incoming);
        if (!in && exists(c, outgoing) && exists(c, table)) {
            return false;
        }
        if (!in) {
            throw new SQLException("cannot swap " + incoming + " in for " + table + ": it does not exist");
        }
        try (Statement st = c.createStatement()) {
            st.execute("RENAME TABLE " + q(table) + " TO " + q(outgoing) + ", " + q(incoming) + " TO " + q(table));
        }
        return true;
    }

    /** What {@link #verifyFollowing} needs of the stream that fills the second table. */
    public interface FollowingStream {
        /** Holds the stream where it is now. */
        void holdNow();

        /** Holds the stream once it has applied {@code position}; false when it had passed it already (it holds later). */
        boolean holdAt(String position);

        /** Waits until the stream has applied {@code position}. */
        void await(String position);

        void release();
    }

    /**
     * Compares {@code table} with {@code target}, which a stream fills from {@code table}'s binlog, while writes go on:
     * the stream held where it is, a snapshot of {@code table} at binlog position B, the stream let on until it applied
     * exactly B, and a second snapshot of {@code target} then. Both sides are the rows as of B; the stream is held only while the second snapshot opens.
     *
     * @return the two tables' rows and checksums over their shared columns, as of B
     */
    public TableChecksum verifyFollowing(Connection tableSide, Connection targetSide, String table, String target, FollowingStream stream)
            throws SQLException {
        List<String> shared = sharedColumns(tableSide, table, target);
        for (int attempt = 1; ; attempt++) {
            tableSide.setAutoCommit(false);
            targetSide.setAutoCommit(false);
            try (Statement a = tableSide.createStatement(); Statement b = targetSide.createStatement()) {
                a.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                b.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                // held first, the stream cannot run past the snapshot while it opens: it is held at or before B
                stream.holdNow();
                boolean exactly;
                String at;
                try {
                    at = snapshot(a);
                    exactly = stream.holdAt(at);
                } catch (SQLException | RuntimeException e) {
                    stream.release();
                    throw e;
                }
                try {
                    if (!exactly) {
                        if (attempt >= 3) {
                            throw new SQLException("the stream into " + target + " was past each snapshot of " + table + " taken to compare them");
                        }
                        continue;  // it had passed B already: take a newer snapshot
                    }
                    stream.await(at);
                    b.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
                    b.executeQuery("SELECT 1 FROM " + q(target) + " LIMIT 1").close();  // the snapshot is taken at the first read
                } finally {
                    stream.release();
                }
                long[] x = sum(a, table, shared);
                long[] y = sum(b, target, shared);
                return new TableChecksum(x[0], y[0], x[1], y[1]);
            } finally {
                tableSide.rollback();
                targetSide.rollback();
                tableSide.setAutoCommit(true);
                targetSide.setAutoCommit(true);
            }
        }
    }

    /** Opens a consistent snapshot and answers the GTID position it is at. */
    private static String snapshot(Statement st) throws SQLException {
        st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
        String file = null;
        long pos = -1;
        try (ResultSet rs = st.executeQuery("SHOW STATUS LIKE 'binlog_snapshot_%'")) {
            while (rs.next()) {
                if (rs.getString(1).equalsIgnoreCase("binlog_snapshot_file")) {
                    file = rs.getString(2);
                } else if (rs.getString(1).equalsIgnoreCase("binlog_snapshot_position")) {
                    pos = Long.parseLong(rs.getString(2));
                }
            }
        }
        if (file == null || file.isEmpty() || pos < 0) {
            throw new SQLException("MariaDB reports no binlog snapshot position; is the binary log on?");
        }
        try (PreparedStatement ps = st.getConnection().prepareStatement("SELECT BINLOG_GTID_POS(?, ?)")) {
            ps.setString(1, file);
            ps.setLong(2, pos);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String gtid = rs.getString(1);
                return gtid == null ? "" : gtid;
            }
        }
    }

    private List<String> sharedColumns(Connection c, String table, String other) throws SQLException {
        List<String> shared = new ArrayList<>();
        List<String> otherColumns = columns(c, other);
        for (String col : columns(c, table)) {
            if (otherColumns.stream().anyMatch(o -> o.equalsIgnoreCase(col))) {
                shared.add(col);
            }
        }
        return shared;
    }

    /** InnoDB's estimate of the table's rows. */
    public long estimatedRows(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT table_rows FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    public boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private long[] sum(Statement st, String table, List<String> columns) throws SQLException {
        String row = rowText(columns);
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*), COALESCE(SUM(CRC32(" + row + ")), 0) FROM " + q(table))) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    /** One row as text: each column's NULL flag and value, converted to utf8mb4 so a charset change compares equal. */
    static String rowText(List<String> columns) {
        List<String> parts = new ArrayList<>();
        for (String col : columns) {
            parts.add("ISNULL(" + Sql.identifier(col) + ")");
            parts.add("CONVERT(" + Sql.identifier(col) + " USING utf8mb4)");
        }
        return "CONCAT_WS('#', " + String.join(", ", parts) + ")";
    }

    private List<String> columns(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        if (out.isEmpty()) {
            throw new SQLException("table " + database + "." + table + " does not exist");
        }
        return out;
    }

    private String q(String table) {
        return Sql.qualified(database, table);
    }
}
