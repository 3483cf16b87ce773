package io.shardops.reconciler.bench;

import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.dataplane.mysqlctl.Mysqld;
import io.shardops.dataplane.mysqlctl.MysqldConfig;
import io.shardops.dataplane.process.FreePorts;
import io.shardops.dataplane.tablet.copy.RowSelector;
import io.shardops.dataplane.tablet.copy.SnapshotCopy;
import io.shardops.dataplane.tablet.copy.StreamStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The snapshot copy alone (no tablets, no streams' catch-up) against {@code mysqldump | mysql} of the same rows
 * into the same target server, in the same run. One unmeasured pass of each first (a new JVM code path, a cold
 * buffer pool and binlog would otherwise be charged to whichever runs first), then alternating rounds; the
 * median ratio of the copy's rate to the dump's is the figure.
 */
public final class CopyBench {
    static final String TABLE = "create table t(id bigint primary key, k bigint, c varbinary(120), pad varbinary(60))";
    static final int BATCH_ROWS = 10_000;

    private final Mysqld source;
    private final Mysqld target;
    private final int rows;
    private final PrintStream out;

    private CopyBench(Mysqld source, Mysqld target, int rows, PrintStream out) {
        this.source = source;
        this.target = target;
        this.rows = rows;
        this.out = out;
    }

    /** Starts two MariaDB servers under {@code dir}, measures, stops them; answers the median ratio. */
    public static double run(Path dir, int rows, int rounds, PrintStream out) throws Exception {
        // one set of accounts for both, as one cluster's tablets have; mysqldump | mysql logs in to both with it
        MysqlAccounts accounts = MysqlAccounts.generate();
        Mysqld source = new Mysqld(MysqldConfig.forTablet(901, dir.resolve("source"), FreePorts.one()), accounts);
        Mysqld target = new Mysqld(MysqldConfig.forTablet(902, dir.resolve("target"), FreePorts.one()), accounts);
        try {
            CompletableFuture.allOf(CompletableFuture.runAsync(source::start), CompletableFuture.runAsync(target::start)).get();
            return new CopyBench(source, target, rows, out).measure(rounds);
        } finally {
            source.stop();
            target.stop();
        }
    }

    private double measure(int rounds) throws Exception {
        exec(source, null, "create database bulk");
        exec(source, "bulk", TABLE);
        exec(source, "bulk", "insert into t select seq, seq * 7, repeat('x', 100), repeat('y', 50) from seq_1_to_" + rows);
        try (Connection c = target.connectAdmin(null)) {
            StreamStore.ensureTables(c);  // as a stream does before its copy runs
        }
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            long copyMillis = copy("bulk_copy" + round);
            long dumpMillis = dump("bulk_dump" + round);
            if (round == 0) {
                continue;  // the warm-up pass
            }
            double ratio = (double) dumpMillis / copyMillis;
            ratios.add(ratio);
            out.printf("round %d: snapshot copy %,d rows in %d ms = %,.0f rows/s; mysqldump|mysql %d ms = %,.0f rows/s; ratio %.2f%n",
                    round, rows, copyMillis, rows * 1000.0 / copyMillis, dumpMillis, rows * 1000.0 / dumpMillis, ratio);
        }
        double median = ratios.stream().sorted().toList().get(ratios.size() / 2);
        out.printf("snapshot copy / mysqldump|mysql, median of %d: %.2f (goal 0.8)%n", rounds, median);
        return median;
    }

    private long copy(String db) throws Exception {
        exec(target, null, "create database " + db);
        exec(target, db, TABLE);
        SnapshotCopy.Result r = new SnapshotCopy(db, () -> source.connectAdmin(null), "bulk", () -> target.connectAdmin(null), db,
                List.of(new SnapshotCopy.Table("t", RowSelector.all())), BATCH_ROWS).run();
        requireAllRows(db, r.rowsCopied());
        return Math.max(1, r.took().toMillis());
    }

    private long dump(String db) throws Exception {
        exec(target, null, "create database " + db);
        exec(target, db, TABLE);
        String auth = " -h127.0.0.1 -u" + MysqlAccounts.ADMIN_USER;
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -o pipefail; mysqldump" + auth + " -P" + source.port()
                + " --no-create-info --single-transaction --skip-lock-tables bulk t | mysql" + auth + " -P" + target.port() + " " + db)
                .redirectErrorStream(true);
        pb.environment().put("MYSQL_PWD", source.accounts().adminPassword());  // not on a command line others can read
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("mysqldump | mysql failed: " + output);
        }
        long millis = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
        requireAllRows(db, count(db));
        return millis;
    }

    private void requireAllRows(String db, long copied) throws SQLException {
        if (copied != rows || count(db) != rows) {
            throw new IllegalStateException(db + " holds " + count(db) + " of " + rows + " rows; the measurement is void");
        }
    }

    private long count(String db) throws SQLException {
        try (Connection c = target.connectAdmin(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from t")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void exec(Mysqld m, String db, String sql) throws SQLException {
        try (Connection c = m.connectAdmin(db); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
