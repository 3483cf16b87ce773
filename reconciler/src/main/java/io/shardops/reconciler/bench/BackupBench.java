package io.shardops.reconciler.bench;

import io.shardops.dataplane.backup.BackupCatalog;
import io.shardops.dataplane.backup.BackupManifest;
import io.shardops.dataplane.backup.BackupRequest;
import io.shardops.dataplane.backup.LocalDirectoryLocation;
import io.shardops.dataplane.backup.MariaDbBackupTool;
import io.shardops.dataplane.backup.ShardBackup;
import io.shardops.dataplane.backup.ShardRestore;
import io.shardops.dataplane.files.FileTrees;
import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.dataplane.mysqlctl.MysqlOsUser;
import io.shardops.dataplane.mysqlctl.Mysqld;
import io.shardops.dataplane.mysqlctl.MysqldConfig;
import io.shardops.dataplane.process.FreePorts;
import io.shardops.spec.sql.Sql;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench backup}: on one shard's server of {@code rows} rows, the backup shardops takes (mariadb-backup's
 * stream through a pipe, zstd, SHA-256, into a local location forced to disk, manifest last) and the same with the
 * stream staged in a file on the tablet's disk and compressed behind the tool ({@link ShardBackup#stageOnDisk}),
 * against {@code mariadb-backup --backup} into a directory on the same disk (not forced), same run, alternating after
 * a warm-up pass; the restore into a new server against
 * {@code --prepare} + {@code --copy-back}; a new replica seeded from the backup against one replicating everything.
 */
public final class BackupBench {
    private static final long TOOL_TIMEOUT_SECONDS = 3600;

    private BackupBench() {}

    public static double run(Path dir, int rows, int rounds, PrintStream out) throws Exception {
        MysqlAccounts accounts = MysqlAccounts.generate();
        List<Mysqld> servers = new ArrayList<>();
        try {
            Mysqld source = server(servers, dir, 901, accounts);
            source.start();
            exec(source, "SET GLOBAL read_only = 0");
            exec(source, "CREATE DATABASE bulk");
            exec(source, "CREATE TABLE bulk.t (id BIGINT PRIMARY KEY, k BIGINT, c VARBINARY(120), pad VARBINARY(60), KEY (k))");
            long t0 = System.nanoTime();
            for (int from = 1; from <= rows; from += 100_000) {
                int to = Math.min(rows, from + 99_999);
                exec(source, "INSERT INTO bulk.t SELECT seq, seq * 7 % 100003, SHA2(seq, 256), REPEAT('y', 50) FROM bulk.seq_" + from + "_to_" + to);
            }
            out.printf("loaded %,d rows in %d ms%n", rows, millis(t0));

            Path backups = dir.resolve("backups");
            BackupCatalog catalog = new BackupCatalog(new LocalDirectoryLocation(backups));
            BackupRequest request = new BackupRequest(backups.toString(), "", "bulk", "0", "-");
            ShardBackup shardBackup = new ShardBackup(source.config(), accounts, "bench-0000000901", Clock.systemUTC());
            ShardBackup stagedBackup = new ShardBackup(source.config(), accounts, "bench-0000000901", Clock.systemUTC()).stageOnDisk(true);
            List<Double> ratios = new ArrayList<>();
            List<Double> stagedRatios = new ArrayList<>();
            BackupManifest last = null;
            Path lastDirect = null;
            for (int round = 0; round <= rounds; round++) {
                Thread.sleep(1000); // backup names carry their start second
                long s0 = System.nanoTime();
                BackupManifest stagedManifest = stagedBackup.take(request);
                long staged = millis(s0);
                Thread.sleep(1000);
                long a = System.nanoTime();
                last = shardBackup.take(request);
                long ours = millis(a);
                if (lastDirect != null) {
                    FileTrees.deleteRecursively(lastDirect.getParent());
                }
                Path scratch = MariaDbBackupTool.scratch(source.config(), accounts, "direct");
                lastDirect = scratch.resolve("full");
                long b = System.nanoTime();
                MariaDbBackupTool.run(MariaDbBackupTool.directBackupCommand(source.config(), scratch, lastDirect), scratch.resolve("direct.log"),
                        null, TOOL_TIMEOUT_SECONDS);
                long direct = millis(b);
                if (round == 0) {
                    continue; // warm-up: cold page cache and JIT would be charged to whichever ran first
                }
                double ratio = (double) direct / ours;
                ratios.add(ratio);
                stagedRatios.add((double) direct / staged);
                out.printf("round %d: staged on disk %d ms (%,.0f MiB stored) = %,.1f MiB/s; ratio %.2f%n", round, staged,
                        mib(stagedManifest.sizeBytes()), mib(stagedManifest.rawBytes()) * 1000 / staged, (double) direct / staged);
                out.printf("round %d: shardops backup %d ms (%,.0f MiB streamed, %,.0f MiB stored, zstd) = %,.1f MiB/s; "
                                + "mariadb-backup --backup %d ms = %,.1f MiB/s; ratio %.2f%n",
                        round, ours, mib(last.rawBytes()), mib(last.sizeBytes()), mib(last.rawBytes()) * 1000 / ours,
                        direct, mib(last.rawBytes()) * 1000 / direct, ratio);
            }
            double median = ratios.stream().sorted().toList().get(ratios.size() / 2);
            out.printf("backup: shardops / mariadb-backup direct, median of %d: %.2f (goal 0.9, compression included)%n", rounds, median);
            out.printf("backup staged on disk: shardops / mariadb-backup direct, median of %d: %.2f%n", rounds,
                    stagedRatios.stream().sorted().toList().get(stagedRatios.size() / 2));

            // writes after the backup: a seeded replica must replicate these
            int after = Math.max(1, rows / 100);
            exec(source, "UPDATE bulk.t SET k = k + 1 WHERE id <= " + after);
            String position = one(source, "SELECT @@gtid_binlog_pos");

            Mysqld restored = server(servers, dir, 902, accounts);
            long r0 = System.nanoTime();
            ShardRestore.Result rr = ShardRestore.restoreInto(restored, catalog, last);
            long oursRestore = millis(r0);
            Mysqld copied = server(servers, dir, 903, accounts);
            long d0 = System.nanoTime();
            directRestore(copied, lastDirect);
            long directRestore = millis(d0);
            out.printf("restore: shardops %d ms (fetch+unpack %d, prepare %d, move back+start %d); mariadb-backup --prepare + --copy-back"
                            + " + start %d ms; ratio %.2f%n", oursRestore, rr.fetch().toMillis(), rr.prepare().toMillis(),
                    rr.moveBack().toMillis(), directRestore, (double) directRestore / oursRestore);

            long catchUp = replicateUntil(restored, source, accounts, position);
            Mysqld empty = server(servers, dir, 904, accounts);
            empty.start();
            long e0 = System.nanoTime();
            replicateUntil(empty, source, accounts, position);
            long fromEmpty = millis(e0);
            out.printf("new replica: from backup %d ms (restore %d + catch-up %d); from empty, replicating everything, %d ms%n",
                    oursRestore + catchUp, oursRestore, catchUp, fromEmpty);
            return median;
        } finally {
            for (Mysqld m : servers) {
                m.stop();
            }
        }
    }

    private static Mysqld server(List<Mysqld> servers, Path dir, int uid, MysqlAccounts accounts) {
        Mysqld m = new Mysqld(MysqldConfig.forTablet(uid, dir.resolve("t" + uid), FreePorts.one()).withAppDatabase("bulk"), accounts);
        servers.add(m);
        return m;
    }

    /** The direct restore: prepare the plain backup, copy it into an empty datadir, start. */
    private static void directRestore(Mysqld target, Path backup) throws Exception {
        Path log = backup.getParent().resolve("restore.log");
        MariaDbBackupTool.run(MariaDbBackupTool.prepareCommand(backup), log, null, TOOL_TIMEOUT_SECONDS);
        Path dataDir = target.config().dataDir();
        Files.createDirectories(dataDir);
        if (MysqlOsUser.runningAsRoot()) {
            MysqlOsUser.handOver(target.config().tabletDir(), MysqlOsUser.forServer().orElseThrow());
        }
        MariaDbBackupTool.run(MariaDbBackupTool.copyBackCommand(backup, dataDir), log, null, TOOL_TIMEOUT_SECONDS);
        target.start(Duration.ofMinutes(5));
    }

    /** Points {@code replica} at {@code source} from its gtid_slave_pos and waits for {@code position}; the wait's milliseconds. */
    private static long replicateUntil(Mysqld replica, Mysqld source, MysqlAccounts accounts, String position) throws SQLException {
        long t0 = System.nanoTime();
        exec(replica, "CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = " + source.port() + ", MASTER_USER = '"
                + MysqlAccounts.ADMIN_USER + "', MASTER_PASSWORD = " + Sql.literal(accounts.adminPassword())
                + ", MASTER_USE_GTID = slave_pos");
        exec(replica, "START SLAVE");
        try (Connection c = replica.connectAdmin(null); PreparedStatement ps = c.prepareStatement("SELECT MASTER_GTID_WAIT(?, 3600)")) {
            ps.setString(1, position);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt(1) != 0) {
                    throw new IllegalStateException("replica on port " + replica.port() + " did not reach " + position);
                }
            }
        }
        return millis(t0);
    }

    private static void exec(Mysqld m, String sql) throws SQLException {
        try (Connection c = m.connectAdmin(null); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String one(Mysqld m, String sql) throws SQLException {
        try (Connection c = m.connectAdmin(null); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long millis(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024);
    }
}
