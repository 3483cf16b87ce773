package io.shardops.reconciler.bench;

import io.shardops.dataplane.process.PidFile;
import io.shardops.reconciler.host.local.LocalCluster;
import io.shardops.reconciler.host.local.NodeApi;
import io.shardops.reconciler.host.local.StateDir;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A throwaway local cluster for a benchmark: its spec, state dir and logs all live in one temp dir,
 * and {@link #close()} (idempotent, safe from a shutdown hook) stops every process by PID and deletes it.
 */
public final class BenchCluster implements AutoCloseable {
    public static final String CLUSTER = "bench";
    private static final String RECORDING = "shardops-bench";

    private final Path work;
    private final AtomicBoolean closed = new AtomicBoolean();

    public BenchCluster(Path work) {
        this.work = work;
    }

    public Path work() {
        return work;
    }

    /** The state dir handed to {@code shardops up --state-dir}. */
    public Path stateDir() {
        return work.resolve("state");
    }

    /** The ports sysbench needs, and the node JVM (which runs the tablet and the gateway) to profile. */
    public record Ports(String tabletAlias, int mysqld, int gateway, long nodePid, long mysqldPid) {}

    /** Writes the cluster's spec: one unsharded keyspace with shard 0, one replica tablet (elected primary), one gateway. */
    public Path writeSpec(String keyspace, int gatewayPort) throws IOException {
        Path spec = work.resolve("bench-cluster.yaml");
        Files.writeString(spec, spec(keyspace, gatewayPort), StandardCharsets.UTF_8);
        return spec;
    }

    static String spec(String keyspace, int gatewayPort) {
        return spec(gatewayPort, "{replica: 1, rdonly: 0}", """
                    - name: %s
                      shards:
                        - name: "0"
                """.formatted(keyspace));
    }

    /** The bench cluster's spec: one cell with one gateway (auth none) on {@code gatewayPort}, then {@code keyspaces} (YAML list items, indented 4). */
    public static String spec(int gatewayPort, String tabletDefaults, String keyspaces) {
        return """
                apiVersion: shardops.io/v1
                kind: Cluster
                metadata:
                  name: %s
                spec:
                  cells:
                    - name: zone1
                      gateway: {replicas: 1, mysqlPort: %d, auth: {type: none}}
                  tabletDefaults: %s
                  keyspaces:
                """.formatted(CLUSTER, gatewayPort, tabletDefaults) + keyspaces;
    }

    /** What a benchmark does with its cluster. */
    @FunctionalInterface
    public interface Work<T> {
        T run(BenchCluster cluster) throws Exception;
    }

    /**
     * Runs {@code work} on a cluster in a new temp dir (named after {@code bench}) and always takes it down and
     * deletes the dir afterwards: on success, on failure and on Ctrl-C (a shutdown hook).
     */
    public static <T> T withCluster(String bench, Consumer<String> say, Work<T> work) throws Exception {
        Path dir = Files.createTempDirectory("shardops-bench-" + bench + "-");
        BenchCluster cluster = new BenchCluster(dir);
        Thread onInterrupt = new Thread(cluster::close, "bench-" + bench + "-cleanup");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            return work.run(cluster);
        } finally {
            say.accept("taking the cluster down and removing " + dir);
            cluster.close();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or ran already
            }
        }
    }

    /** Reads the serving primary of {@code keyspace}/0 and the gateway from the node. */
    public Ports ports(String keyspace) throws IOException {
        LocalCluster local = LocalCluster.existing(new StateDir(stateDir()))
                .orElseThrow(() -> new IOException("no local cluster in " + stateDir()));
        NodeApi.NodeStatus status = local.nodeClient().status();
        NodeApi.TabletView tablet = status.tablets().stream()
                .filter(t -> t.keyspace().equals(keyspace) && t.type().equalsIgnoreCase("primary"))
                .findFirst().orElseThrow(() -> new IOException("the node runs no primary tablet of " + keyspace + ": " + status.tablets()));
        if (status.gateways().isEmpty()) {
            throw new IOException("the node runs no gateway");
        }
        long mysqldPid = new StateDir(stateDir()).pids().list().stream().filter(p -> p.name().startsWith("mysqld"))
                .mapToLong(PidFile::pid).findFirst().orElse(-1);
        return new Ports(tablet.alias(), tablet.mysqlPort(), status.gateways().get(0).mysqlPort(), status.pid(), mysqldPid);
    }

    /** Where a step's output goes. */
    public Path log(String name) throws IOException {
        Path logs = Files.createDirectories(work.resolve("logs"));
        return logs.resolve(name + ".log");
    }

    /** Starts a JFR recording in {@code pid} (settings=profile: CPU samples every 10-20 ms, allocation samples). */
    public void startRecording(long pid, Path file) throws IOException, InterruptedException {
        jcmd(pid, "JFR.start", "name=" + RECORDING, "settings=profile", "filename=" + file);
    }

    /** Stops the recording and writes its file. */
    public void stopRecording(long pid) throws IOException, InterruptedException {
        jcmd(pid, "JFR.stop", "name=" + RECORDING);
    }

    private void jcmd(long pid, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
        cmd.addAll(List.of(args));
        Path log = log("jcmd");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("jcmd " + String.join(" ", args) + " did not finish in 60 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("jcmd " + String.join(" ", args) + " failed: " + Files.readString(log));
        }
    }

    /** CPU time (user + system) {@code pid} has used so far; zero when the OS does not say. */
    public static Duration cpu(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    /** The 1-minute load average, or -1 where the OS does not say. */
    public static double loadAverage() {
        double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return l < 0 ? -1 : l;
    }

    /** Stops sysbench, then the cluster's node (its tablets, MariaDB and gateway) and etcd, then deletes the temp dir. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Sysbench.stopRunning();
        StateDir dir = new StateDir(stateDir());
        try {
            if (Files.isDirectory(dir.root())) {
                for (LocalCluster.Stopped s : LocalCluster.down(dir)) {
                    if (s.result() == PidFile.StopResult.STILL_RUNNING) {
                        System.err.println("bench gateway: " + s + "; stop it by hand");
                    }
                }
            }
            LocalCluster.purge(new StateDir(work));
        } catch (IOException e) {
            System.err.println("bench gateway: could not clean up " + work + ": " + e.getMessage());
        }
    }
}
