package io.shardops.reconciler.bench;

import io.shardops.dataplane.credentials.BearerToken;
import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.reconciler.host.local.LocalCluster;
import io.shardops.reconciler.host.local.NodeApi;
import io.shardops.reconciler.host.local.StateDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code shardops bench move} on a {@link BenchCluster}: keyspace {@code bench} (sharded, one shard 0 with a
 * primary and an rdonly) holding one table of N rows is resharded into -80 and 80- with {@code shardops apply},
 * phase by phase as the journey does it, and measured on the way: the copy against {@code mysqldump | mysql}
 * of the same rows into one target, the streams' lag under a steady client during and after the copy, and a
 * client writing as fast as it can through the gateway while the primary switches.
 */
public final class MoveBench {
    public static final String KEYSPACE = "bench";
    static final String TABLE_SQL = "create table t(id bigint not null, k bigint, c varbinary(120), pad varbinary(60), primary key(id))";
    /** Longest any one phase may run before the bench gives up. */
    static final Duration PHASE_LIMIT = Duration.ofMinutes(30);
    static final Duration LAG_SAMPLE_EVERY = Duration.ofMillis(200);
    /**
     * Connections of the steady client: enough that 1,000 writes/s need no statement faster than 32 ms. On two
     * cores busy copying 1,000,000 rows a write took 9 to 19 ms, and 8 or 16 connections reached 850 writes/s.
     */
    static final int STEADY_CLIENTS = 32;
    /** Connections of the client writing as fast as it can during the primary switch. */
    static final int FAST_CLIENTS = 4;
    static final int MAX_WRITES = 2_000_000;

    /** How the bench runs {@code shardops up} and {@code shardops apply} (in-process, from the CLI). */
    public interface Shardops {
        void up(Path spec, Path stateDir);

        void apply(Path spec, Path stateDir);
    }

    /**
     * @param lagSeconds how long to sample the streams' lag after the copy, the steady client still writing
     * @param jfr        where to record the node JVM with Java Flight Recorder during start-copy; null: no recording
     */
    public record Options(long rows, int writesPerSecond, int lagSeconds, int gatewayPort, Path jfr) {}

    private final BenchCluster cluster;
    /** The bench cluster's credentials, read once `up` made them; the static helpers below connect with them. */
    private static volatile ClusterCredentials credentials;
    private final Shardops shardops;
    private final Consumer<String> progress;

    public MoveBench(BenchCluster cluster, Shardops shardops, Consumer<String> progress) {
        this.cluster = cluster;
        this.shardops = shardops;
        this.progress = progress;
    }

    public MoveBenchReport run(Options o) throws Exception {
        double loadStart = BenchCluster.loadAverage();
        Path sql = Files.createDirectories(cluster.work().resolve("sql"));
        Files.writeString(sql.resolve("t.sql"), TABLE_SQL + ";\n", StandardCharsets.UTF_8);
        progress.accept("starting a local cluster in " + cluster.work() + " (etcd, node, bench/0 with a primary and an rdonly, a gateway) ...");
        shardops.up(phase(o, "one", false, List.of()), cluster.stateDir());
        credentials = LocalCluster.readCredentials(new StateDir(cluster.stateDir()));

        NodeApi.TabletView source = tablet("0", "primary");
        NodeApi.TabletView sourceRdonly = tablet("0", "rdonly");
        progress.accept(String.format("loading %,d rows into bench/0 (load average %.1f) ...", o.rows(), BenchCluster.loadAverage()));
        load(source.mysqlPort(), o.rows());
        awaitRows(sourceRdonly.mysqlPort(), o.rows());

        progress.accept("apply: target shards -80 and 80- (tablets, schema) ...");
        shardops.apply(phase(o, "targets", false, List.of()), cluster.stateDir());
        NodeApi.TabletView low = tablet("-80", "primary");
        NodeApi.TabletView high = tablet("80-", "primary");

        progress.accept(String.format("baseline: mysqldump (rdonly of bench/0) | mysql (primary of bench/-80) of the same %,d rows ...", o.rows()));
        long dumpBefore = dumpInto(sourceRdonly.mysqlPort(), low.mysqlPort());
        double dumpBeforeLoad = BenchCluster.loadAverage();
        sayDump(o.rows(), dumpBefore, dumpBeforeLoad);

        GatewayWriter steady = new GatewayWriter(o.gatewayPort(), o.rows() + 1, o.writesPerSecond(), STEADY_CLIENTS, MAX_WRITES);
        CatchUpSampler sampler = new CatchUpSampler(steady, List.of(low, high));
        if (o.writesPerSecond() > 0) {
            steady.start();
        }
        progress.accept(String.format("apply: start-copy (Reshard 0 -> -80, 80-)%s (load average %.1f) ...",
                o.writesPerSecond() > 0 ? ", a client writing " + o.writesPerSecond() + "/s through the gateway" : "", BenchCluster.loadAverage()));
        long nodePid = nodePid();
        if (o.jfr() != null) {
            cluster.startRecording(nodePid, o.jfr().toAbsolutePath());
            progress.accept("recording the node JVM (pid " + nodePid + ") into " + o.jfr().toAbsolutePath());
        }
        CopyWatch watch = new CopyWatch(List.of(low, high), new BearerToken(credentials.controlToken()));
        watch.start();
        long t0 = System.nanoTime();
        shardops.apply(phase(o, "copy", true, List.of()), cluster.stateDir());
        long applyCopyMillis = (System.nanoTime() - t0) / 1_000_000;
        long copyMillis = watch.stop().orElse(applyCopyMillis);
        if (o.jfr() != null) {
            cluster.stopRecording(nodePid);
            progress.accept("JFR recording written to " + o.jfr().toAbsolutePath() + " (jfr print --events jdk.ExecutionSample FILE)");
        }
        double copyLoad = BenchCluster.loadAverage();
        progress.accept(String.format("copy: %.1f s = %,.0f rows/s from the first stream listed to the last one done, load average %.1f"
                        + " (apply of start-copy and verify-diff took %.1f s)",
                copyMillis / 1000.0, o.rows() * 1000.0 / Math.max(1, copyMillis), copyLoad, applyCopyMillis / 1000.0));
        MoveBenchReport.CatchUp catchUp = new MoveBenchReport.CatchUp(0, 0, 0, 0, 0, 0, 0, 0);
        if (o.writesPerSecond() > 0) {
            progress.accept("sampling the streams' lag for " + o.lagSeconds() + " s, the client still writing ...");
            catchUp = sampler.sample(Duration.ofSeconds(o.lagSeconds()), o.writesPerSecond());
            progress.accept(String.format("catch-up: %,.0f writes/s reached on %d connections; lag max %.2f s, p95 %.2f s%s (load average %.1f)",
                    catchUp.achievedPerSecond(), catchUp.clients(), catchUp.maxLagSeconds(), catchUp.p95LagSeconds(),
                    catchUp.caughtUpMillis() < 0 ? ", never under 1 s in the window" : "", BenchCluster.loadAverage()));
            steady.stop();
            if (steady.errors() > 0) {
                progress.accept("the steady client got " + steady.errors() + " error(s) during the copy, the first: " + steady.firstError());
            }
        }

        // the machine's load drifts; a second baseline after the copy brackets it
        progress.accept("baseline again, after the copy ...");
        long dumpAfter = dumpInto(sourceRdonly.mysqlPort(), low.mysqlPort());
        double dumpAfterLoad = BenchCluster.loadAverage();
        sayDump(o.rows(), dumpAfter, dumpAfterLoad);

        progress.accept("apply: verify-diff, switch-traffic rdonly and replica ...");
        shardops.apply(phase(o, "replicas", true, List.of("rdonly", "replica")), cluster.stateDir());

        GatewayWriter fast = new GatewayWriter(o.gatewayPort(), steady.nextId(), 0, FAST_CLIENTS, MAX_WRITES);
        progress.accept("apply: switch-traffic primary, a client writing as fast as it can through the gateway ...");
        fast.start();
        Thread.sleep(1000);  // the client's pace before the switch, so its gaps are the switch's
        long s0 = System.nanoTime();
        shardops.apply(phase(o, "primary", true, List.of("rdonly", "replica", "primary")), cluster.stateDir());
        long applyMillis = (System.nanoTime() - s0) / 1_000_000;
        Thread.sleep(1000);
        fast.stop();
        MoveBenchReport.PrimarySwitch primary = new MoveBenchReport.PrimarySwitch(fast.clients(), fast.acknowledged(), fast.errors(),
                fast.longestGapMillis(), applyMillis, fast.firstError());

        long onTargets = count(low.mysqlPort()) + count(high.mysqlPort());
        long expected = o.rows() + steady.acknowledged() + fast.acknowledged();
        return new MoveBenchReport("shardops up in a temp state dir (etcd, one node JVM running 6 tablets with their MariaDB and a gateway);"
                + " table t(id bigint, k bigint, c varbinary(120) of 100 bytes, pad varbinary(60) of 50 bytes), hash vindex on id",
                loadStart, BenchCluster.loadAverage(), new MoveBenchReport.Copy(o.rows(), o.writesPerSecond(),
                        new MoveBenchReport.Timing(copyMillis, copyLoad), new MoveBenchReport.Timing(dumpBefore, dumpBeforeLoad),
                        new MoveBenchReport.Timing(dumpAfter, dumpAfterLoad)),
                catchUp, primary, onTargets, expected);
    }

    /** Each figure as soon as it is taken, so a run that fails later still shows it. */
    private void sayDump(long rows, long millis, double load) {
        progress.accept(String.format("baseline: %.1f s = %,.0f rows/s, load average %.1f", millis / 1000.0, rows * 1000.0 / Math.max(1, millis), load));
    }

    /** The spec of one step of the bench's journey. */
    private Path phase(Options o, String name, boolean copy, List<String> switched) throws IOException {
        boolean targets = !name.equals("one");
        String shards = targets ? "        - name: \"0\"\n        - name: \"-80\"\n        - name: \"80-\"\n" : "        - name: \"0\"\n";
        String migration = !targets ? "" : """
                  migrations:
                    - name: bench-reshard
                      reshard: {keyspace: %s, from: ["0"], to: ["-80", "80-"]}
                      copy: %s
                      switchTraffic: [%s]
                      complete: false
                """.formatted(KEYSPACE, copy, String.join(", ", switched));
        String spec = BenchCluster.spec(o.gatewayPort(), "{replica: 1, rdonly: 1}", """
                    - name: %s
                      shards:
                %s      schema:
                        - file: sql/t.sql
                      vschema:
                        sharded: true
                        vindexes:
                          hash: {type: hash}
                        tables:
                          t:
                            column_vindexes:
                              - {column: id, name: hash}
                %s""".formatted(KEYSPACE, shards, migration));
        Path file = cluster.work().resolve("bench-move-" + name + ".yaml");
        Files.writeString(file, spec, StandardCharsets.UTF_8);
        return file;
    }

    private NodeApi.NodeStatus nodeStatus() throws IOException {
        LocalCluster local = LocalCluster.existing(new StateDir(cluster.stateDir()))
                .orElseThrow(() -> new IOException("no local cluster in " + cluster.stateDir()));
        return local.nodeClient().status();
    }

    private long nodePid() throws IOException {
        return nodeStatus().pid();
    }

    private NodeApi.TabletView tablet(String shard, String type) throws IOException {
        NodeApi.NodeStatus status = nodeStatus();
        return status.tablets().stream()
                .filter(t -> t.keyspace().equals(KEYSPACE) && t.shard().equals(shard) && t.type().equalsIgnoreCase(type) && !"STOPPED".equals(t.state()))
                .findFirst().orElseThrow(() -> new IOException("the node runs no " + type + " tablet of " + KEYSPACE + "/" + shard + ": " + status.tablets()));
    }

    static Connection direct(int port, String database) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/" + database
                        + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=5000&socketTimeout=600000",
                MysqlAccounts.ADMIN_USER, credentials.mysqlAccounts().adminPassword());
    }

    /** The same rows the copy test uses: 100 + 50 bytes of ASCII per row, loaded in transactions of 100,000 rows. */
    private static void load(int port, long rows) throws SQLException {
        try (Connection c = direct(port, KEYSPACE); Statement st = c.createStatement()) {
            for (long from = 1; from <= rows; from += 100_000) {
                long to = Math.min(rows, from + 99_999);
                st.executeUpdate("insert into t select seq, seq * 7, repeat('x', 100), repeat('y', 50) from seq_" + from + "_to_" + to);
            }
        }
    }

    private static long count(int port) throws SQLException {
        try (Connection c = direct(port, KEYSPACE); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from t")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void awaitRows(int port, long rows) throws Exception {
        long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
        while (count(port) < rows) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the rdonly of bench/0 did not replicate " + rows + " rows within " + PHASE_LIMIT.toMinutes() + " min");
            }
            Thread.sleep(200);
        }
    }

    /** mysqldump | mysql into a scratch database on {@code targetPort}, which is dropped again; the wall time. */
    private long dumpInto(int sourcePort, int targetPort) throws Exception {
        try (Connection c = direct(targetPort, ""); Statement st = c.createStatement()) {
            st.execute("create database bench_dump");
            st.execute("use bench_dump");
            st.execute(TABLE_SQL);
        }
        // the password goes through the environment (MYSQL_PWD), not the command line other users can read
        String auth = " -h127.0.0.1 -u" + MysqlAccounts.ADMIN_USER;
        Path log = cluster.log("mysqldump");
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -o pipefail; mysqldump" + auth + " -P" + sourcePort
                + " --no-create-info --single-transaction --skip-lock-tables " + KEYSPACE + " t | mysql" + auth + " -P" + targetPort + " bench_dump");
        pb.environment().put("MYSQL_PWD", credentials.mysqlAccounts().adminPassword());
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(PHASE_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("mysqldump | mysql did not finish within " + PHASE_LIMIT.toMinutes() + " min");
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        if (p.exitValue() != 0) {
            throw new IOException("mysqldump | mysql failed: " + Files.readString(log));
        }
        try (Connection c = direct(targetPort, ""); Statement st = c.createStatement()) {
            st.execute("drop database bench_dump");
        }
        return millis;
    }
}
