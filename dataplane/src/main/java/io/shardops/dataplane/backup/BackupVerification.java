package io.shardops.dataplane.backup;

import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.dataplane.mysqlctl.Mysqld;
import io.shardops.dataplane.mysqlctl.MysqldConfig;
import io.shardops.dataplane.process.FreePorts;
import io.shardops.spec.sql.Sql;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Verifies a backup by restoring it: into a scratch MariaDB beside the source tablet (its own datadir and port,
 * removed afterwards), which then replicates from the source tablet up to the source's current position while the
 * source's own replication stands still; at that one position, {@code CHECKSUM TABLE} of every table of the
 * keyspace's database must be equal on both. A backup whose bytes do not match its manifest fails before any server
 * starts ({@link ShardRestore#unpack}).
 */
public final class BackupVerification {
    private BackupVerification() {}

    /** One table's checksums: on the source and restored. */
    public record TableCheck(String table, String source, String restored) {
        public boolean matches() {
            return source.equals(restored);
        }
    }

    /**
     * @param backup   the verified backup's name
     * @param position the GTID position both sides were compared at (the backup's, or later: what the source had)
     * @param tables   every table of either side
     */
    public record Result(String backup, String position, List<TableCheck> tables) {
        public boolean ok() {
            return tables.stream().allMatch(TableCheck::matches);
        }
    }

    /**
     * @param source   the tablet's own server: a replica or rdonly (its replication pauses during the comparison)
     * @param database the keyspace's database
     */
    public static Result verify(Mysqld source, String database, BackupCatalog catalog, BackupManifest manifest, Duration timeout) {
        Path dir = source.config().tabletDir().resolve("verify-" + UUID.randomUUID().toString().substring(0, 8));
        Mysqld scratch = new Mysqld(new MysqldConfig(1_000_000 + source.config().serverId(), dir, FreePorts.one(), true, true,
                List.of("--skip-slave-start"), database), source.accounts());
        try {
            Files.createDirectories(dir);
            ShardRestore.restoreInto(scratch, catalog, manifest);
            try (Connection src = source.connectAdmin(null); Connection restored = scratch.connectAdmin(null)) {
                boolean replica = hasSource(src);
                if (replica) {
                    exec(src, "STOP SLAVE");
                }
                try {
                    String position = one(src, "SELECT @@gtid_current_pos");
                    exec(restored, "CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = " + source.port()
                            + ", MASTER_USER = " + Sql.literal(MysqlAccounts.ADMIN_USER)
                            + ", MASTER_PASSWORD = " + Sql.literal(source.accounts().adminPassword()) + ", MASTER_USE_GTID = slave_pos");
                    exec(restored, "START SLAVE");
                    try (PreparedStatement ps = restored.prepareStatement("SELECT MASTER_GTID_WAIT(?, ?)")) {
                        ps.setString(1, position);
                        ps.setLong(2, Math.max(1, timeout.toSeconds()));
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            if (rs.getInt(1) != 0) {
                                throw new BackupException("verify " + manifest.name() + ": the restored server did not reach the source's position "
                                        + position + " within " + timeout.toSeconds() + " s by replication");
                            }
                        }
                    }
                    exec(restored, "STOP SLAVE");
                    return new Result(manifest.name(), position, compare(src, restored, database));
                } finally {
                    if (replica) {
                        exec(src, "START SLAVE");
                    }
                }
            }
        } catch (SQLException e) {
            throw new BackupException("verify " + manifest.name() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BackupException("verify " + manifest.name() + ": cannot prepare " + dir + ": " + e.getMessage(), e);
        } finally {
            scratch.stop();
            ShardBackup.deleteQuietly(dir);
        }
    }

    private static List<TableCheck> compare(Connection src, Connection restored, String database) throws SQLException {
        Map<String, String> a = checksums(src, database);
        Map<String, String> b = checksums(restored, database);
        List<TableCheck> out = new ArrayList<>();
        TreeSet<String> all = new TreeSet<>(a.keySet());
        all.addAll(b.keySet());
        for (String t : all) {
            out.add(new TableCheck(t, a.getOrDefault(t, "(missing)"), b.getOrDefault(t, "(missing)")));
        }
        return out;
    }

    private static Map<String, String> checksums(Connection c, String database) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        Map<String, String> out = new TreeMap<>();
        for (String t : tables) {
            out.put(t, one(c, "CHECKSUM TABLE " + Sql.qualified(database, t) + " EXTENDED"));
        }
        return out;
    }

    private static boolean hasSource(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW SLAVE STATUS")) {
            return rs.next();
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** The last column of the first row. */
    private static String one(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return String.valueOf(rs.getString(rs.getMetaData().getColumnCount()));
        }
    }
}
