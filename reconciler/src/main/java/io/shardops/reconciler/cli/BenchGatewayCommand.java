package io.shardops.reconciler.cli;

import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.dataplane.process.FreePorts;
import io.shardops.reconciler.bench.BenchCluster;
import io.shardops.reconciler.bench.GatewayBenchReport;
import io.shardops.reconciler.bench.NodeCpu;
import io.shardops.reconciler.bench.PoolSession;
import io.shardops.reconciler.bench.Sysbench;
import io.shardops.reconciler.host.local.LocalCluster;
import io.shardops.reconciler.host.local.StateDir;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shardops bench gateway}: sysbench straight at a tablet's MariaDB (the baseline) and through the
 * gateway, same load, same run, on a throwaway local cluster that is always taken down again.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Start a throwaway local cluster (shardops up in a temp state dir: keyspace sbtest, shard 0, one primary tablet, one gateway),"
                    + " load one sysbench table, then run sysbench oltp_point_select and oltp_read_write straight at the tablet's MariaDB"
                    + " and through the gateway with the same threads, time and table size.",
            "Prints QPS, p95 latency, the gateway/direct QPS ratio and the p95 the gateway adds. Everything started is stopped and"
                    + " the temp dir removed at the end, on failure and on Ctrl-C."
        })
public final class BenchGatewayCommand implements Callable<Integer> {
    static final int MAX_THREADS = 256;
    static final int MAX_SECONDS = 120;
    static final int MAX_TABLE_SIZE = 1_000_000;
    static final List<String> TESTS = List.of("oltp_point_select", "oltp_read_write");
    static final String KEYSPACE = "sbtest";
    static final int MAX_EXTRA_WARMUPS = 3;
    /** A JIT compiler below this share of one core during a warm-up has compiled the request path. */
    static final double JIT_SETTLED_SHARE = 0.05;

    enum PsMode { auto, disable }

    @Spec
    CommandSpec spec;

    @Option(names = "--threads", defaultValue = "8", description = "sysbench client threads (default ${DEFAULT-VALUE}, at most " + MAX_THREADS + ").")
    int threads;

    @Option(names = "--time", defaultValue = "10", paramLabel = "SECONDS",
            description = "Seconds per sysbench run (default ${DEFAULT-VALUE}, at most " + MAX_SECONDS + "); four runs in all.")
    int seconds;

    @Option(names = "--warmup", defaultValue = "10", paramLabel = "SECONDS",
            description = "Unmeasured seconds of each test on each path first, so the node JVM's JIT has compiled the request path"
                    + " (default ${DEFAULT-VALUE}, at most " + MAX_SECONDS + "; 0: measure a cold JVM). The report shows what the JIT"
                    + " compiler still spent per query during the measured runs.")
    int warmup;

    @Option(names = "--table-size", defaultValue = "10000", description = "Rows in the sysbench table (default ${DEFAULT-VALUE}, at most " + MAX_TABLE_SIZE + ").")
    int tableSize;

    @Option(names = "--ps-mode", defaultValue = "auto",
            description = "auto: sysbench uses prepared statements (COM_STMT_*); disable: plain COM_QUERY text (default ${DEFAULT-VALUE}).")
    PsMode psMode;

    @Option(names = "--pool-session",
            description = "Every sysbench connection (direct and through the gateway) first runs " + PoolSession.SETTINGS
                    + ", as connection pools do, then the stock test.")
    boolean poolSession;

    @Mixin
    FormatOption format = new FormatOption();

    @Option(names = "--jfr", paramLabel = "FILE",
            description = "Also record the node JVM (gateway and tablet) with Java Flight Recorder during the runs, into FILE.")
    Path jfr;

    @Option(names = "--verbose", description = "Print the output of shardops up and sysbench's commands.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Sysbench.Load load = load();
        if (!Files.isExecutable(Path.of(Sysbench.BINARY))) {
            throw new UserException(Sysbench.BINARY + " not found: install it with apt-get install -y sysbench (scripts/prereqs.sh does)", 2);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = spec.commandLine().getErr();
        return BenchCluster.withCluster("gateway", line -> say(progress, line), cluster -> {
            GatewayBenchReport report = measure(cluster, load, progress);
            out.print(format.json() ? report.json() + "\n" : report.text());
            out.flush();
            return 0;
        });
    }

    /** The options as a sysbench load, or a UserException naming the option out of bounds. */
    Sysbench.Load load() {
        List<String> bad = new ArrayList<>();
        if (threads < 1 || threads > MAX_THREADS) {
            bad.add("--threads must be 1.." + MAX_THREADS + ", got " + threads);
        }
        if (seconds < 1 || seconds > MAX_SECONDS) {
            bad.add("--time must be 1.." + MAX_SECONDS + " seconds, got " + seconds);
        }
        if (warmup < 0 || warmup > MAX_SECONDS) {
            bad.add("--warmup must be 0.." + MAX_SECONDS + " seconds, got " + warmup);
        }
        if (tableSize < 1 || tableSize > MAX_TABLE_SIZE) {
            bad.add("--table-size must be 1.." + MAX_TABLE_SIZE + ", got " + tableSize);
        }
        if (!bad.isEmpty()) {
            throw new UserException(String.join("\n", bad), 2);
        }
        return new Sysbench.Load(threads, seconds, tableSize, psMode == PsMode.auto);
    }

    private GatewayBenchReport measure(BenchCluster cluster, Sysbench.Load load, PrintWriter progress) throws Exception {
        say(progress, "starting a local cluster in " + cluster.work() + " (shardops up: etcd, node, 1 tablet, 1 gateway) ...");
        long t0 = System.nanoTime();
        String upOutput = up(cluster.writeSpec(KEYSPACE, FreePorts.one()), cluster.stateDir());
        if (verbose) {
            progress.print(upOutput);
        }
        BenchCluster.Ports ports = cluster.ports(KEYSPACE);
        say(progress, String.format("cluster up in %.1f s: tablet mysqld 127.0.0.1:%d, gateway 127.0.0.1:%d, node pid %d",
                (System.nanoTime() - t0) / 1e9, ports.mysqld(), ports.gateway(), ports.nodePid()));
        Sysbench.Endpoint direct = new Sysbench.Endpoint(ports.mysqld(), MysqlAccounts.ADMIN_USER,
                LocalCluster.readCredentials(new StateDir(cluster.stateDir()))
                        .mysqlAccounts().adminPassword(), KEYSPACE);
        Sysbench.Endpoint gateway = new Sysbench.Endpoint(ports.gateway(), "bench", "", KEYSPACE);
        say(progress, "loading sbtest1 with " + load.tableSize() + " rows (sysbench prepare, direct) ...");
        sysbench(cluster, TESTS.get(0), "prepare", direct, load, Duration.ofSeconds(300), "prepare");
        if (warmup > 0) {
            warmUp(cluster, ports, direct, gateway, load, progress);
        }
        if (jfr != null) {
            cluster.startRecording(ports.nodePid(), jfr.toAbsolutePath());
            say(progress, "recording the node JVM (pid " + ports.nodePid() + ") into " + jfr.toAbsolutePath());
        }
        List<GatewayBenchReport.Comparison> results = new ArrayList<>();
        Duration limit = Duration.ofSeconds(load.seconds() + 60L);
        try {
            for (String test : TESTS) {
                GatewayBenchReport.Run d = measured(cluster, ports, test, "direct", direct, load, limit, progress);
                GatewayBenchReport.Run g = measured(cluster, ports, test, "gateway", gateway, load, limit, progress);
                results.add(new GatewayBenchReport.Comparison(test, d, g));
            }
        } finally {
            if (jfr != null) {
                cluster.stopRecording(ports.nodePid());
                say(progress, "JFR recording written to " + jfr.toAbsolutePath() + " (jfr print --events jdk.ExecutionSample FILE)");
            }
        }
        return new GatewayBenchReport("shardops up in a temp state dir (etcd; a node JVM running tablet " + ports.tabletAlias()
                + " with its MariaDB, and one gateway; auth none); " + (warmup > 0 ? warmup + " s warm-up per test and path (through the gateway again while the node's JIT compiler was busy)"
                : "no warm-up (cold JVM)") + (poolSession ? "; every connection first runs " + PoolSession.SETTINGS : ""), load.threads(), load.seconds(), load.tableSize(),
                load.preparedStatements(), results);
    }

    /**
     * Runs each test on each path for {@code --warmup} seconds; a gateway warm-up during which the node's JIT
     * compiler was still busy (a loaded machine starves it) is repeated, up to {@value #MAX_EXTRA_WARMUPS} times.
     */
    private void warmUp(BenchCluster cluster, BenchCluster.Ports ports, Sysbench.Endpoint direct, Sysbench.Endpoint gateway,
                        Sysbench.Load load, PrintWriter progress) throws InterruptedException {
        Sysbench.Load warm = new Sysbench.Load(load.threads(), warmup, load.tableSize(), load.preparedStatements());
        // the test measured first is warmed last, so the JIT's profile of the request path is its own
        List<String> warmOrder = new ArrayList<>(TESTS);
        Collections.reverse(warmOrder);
        for (String test : warmOrder) {
            for (Sysbench.Endpoint at : List.of(direct, gateway)) {
                String path = at == direct ? "direct" : "gateway";
                for (int round = 0; round <= (at == gateway ? MAX_EXTRA_WARMUPS : 0); round++) {
                    say(progress, "warm-up: " + test + " " + path + ", " + warmup + " s (not measured) ...");
                    NodeCpu before = NodeCpu.of(ports.nodePid());
                    try {
                        sysbench(cluster, test, "run", at, warm, Duration.ofSeconds(warmup + 60L), "warmup-" + test + "-" + path);
                    } catch (UserException e) {
                        say(progress, "  warm-up failed (the measured run will say why): " + Sysbench.firstError(e.getMessage()));
                        break;
                    }
                    double jitShare = NodeCpu.of(ports.nodePid()).minus(before).jit().toNanos() / (warmup * 1e9);
                    if (jitShare < JIT_SETTLED_SHARE) {
                        break;
                    }
                    say(progress, String.format("  the JIT compiler still used %.0f%% of a core: warming up again", jitShare * 100));
                }
            }
        }
    }

    /** Runs {@code shardops up SPEC} in-process, its output captured; a failure shows that output. */
    private static String up(Path specFile, Path stateDir) {
        StringBuilder captured = new StringBuilder();
        InProcess.run(new UpCommand(), "up", line -> captured.append(line).append('\n'),
                specFile.toString(), "--state-dir", stateDir.toString(), "--auto-approve");
        return captured.toString();
    }

    private GatewayBenchReport.Run measured(BenchCluster cluster, BenchCluster.Ports ports, String test, String path, Sysbench.Endpoint at, Sysbench.Load load,
                                            Duration limit, PrintWriter progress) throws Exception {
        double loadAverage = BenchCluster.loadAverage();
        say(progress, String.format("%s %s, %d s (load average %.1f) ...", test, path, load.seconds(), loadAverage));
        Duration mysqldBefore = BenchCluster.cpu(ports.mysqldPid());
        Duration nodeBefore = BenchCluster.cpu(ports.nodePid());
        NodeCpu threadsBefore = NodeCpu.of(ports.nodePid());
        String output;
        try {
            output = sysbench(cluster, test, "run", at, load, limit, test + "-" + path);
        } catch (UserException e) {
            // one failing path (say, a statement the gateway mishandles) still leaves the others worth reporting
            say(progress, "  failed: " + Sysbench.firstError(e.getMessage()) + (verbose ? "\n" + e.getMessage() : ""));
            return GatewayBenchReport.Run.failed(Sysbench.firstError(e.getMessage()), loadAverage);
        }
        Duration mysqldCpu = BenchCluster.cpu(ports.mysqldPid()).minus(mysqldBefore);
        Duration nodeCpu = BenchCluster.cpu(ports.nodePid()).minus(nodeBefore);
        NodeCpu threads = NodeCpu.of(ports.nodePid()).minus(threadsBefore);
        return Sysbench.parse(output).map(m -> GatewayBenchReport.Run.of(m, loadAverage, mysqldCpu, nodeCpu, threads))
                .orElseGet(() -> GatewayBenchReport.Run.failed("sysbench printed no figures: " + Sysbench.firstError(output), loadAverage));
    }

    private String sysbench(BenchCluster cluster, String test, String action, Sysbench.Endpoint at, Sysbench.Load load,
                            Duration limit, String logName) throws InterruptedException {
        String script = test;
        if (poolSession && action.equals("run")) {
            try {
                script = PoolSession.script(cluster.log(logName).getParent(), test).toString();
            } catch (IOException e) {
                throw new UserException("cannot write the pool-session sysbench script: " + e.getMessage());
            }
        }
        List<String> cmd = Sysbench.command(script, action, at, load);
        if (verbose) {
            say(spec.commandLine().getErr(), String.join(" ", cmd));
        }
        try {
            return Sysbench.run(cmd, cluster.log(logName), limit);
        } catch (IOException e) {
            throw new UserException(e.getMessage());
        }
    }

    private static void say(PrintWriter progress, String line) {
        progress.println("bench gateway: " + line);
        progress.flush();
    }
}
