package io.shardops.reconciler.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * sysbench 1.0's MySQL driver as a child process: the command line (pure), its report parsed into a
 * {@link Measurement} (pure), and one bounded run. At most one run is alive at a time, so a Ctrl-C
 * can stop it through {@link #stopRunning()}.
 */
public final class Sysbench {
    public static final String BINARY = "/usr/bin/sysbench";

    private static final Pattern QUERIES = Pattern.compile("queries:\\s+(\\d+)\\s+\\(([\\d.]+) per sec\\.\\)");
    private static final Pattern READS = Pattern.compile("read:\\s+(\\d+)");
    private static final Pattern WRITES = Pattern.compile("write:\\s+(\\d+)");
    private static final Pattern ERRORS = Pattern.compile("ignored errors:\\s+(\\d+)");
    private static final Pattern P95 = Pattern.compile("95th percentile:\\s+([\\d.]+)");

    private static final AtomicReference<Process> RUNNING = new AtomicReference<>();
    /** Set by {@link #stopRunning()}: the cluster is going away, so no further run starts. */
    private static volatile boolean stopped;

    private Sysbench() {}

    /** Where sysbench connects: over TCP on 127.0.0.1. */
    public record Endpoint(int port, String user, String password, String database) {}

    /** The knobs every run of one benchmark shares, so the gateway and the direct runs compare. */
    public record Load(int threads, int seconds, int tableSize, boolean preparedStatements) {}

    /** What sysbench reports for one run. */
    public record Measurement(long queries, double qps, double p95Millis, long reads, long writes, long ignoredErrors) {}

    /** {@code sysbench TEST --mysql-... [--time/--threads] ACTION}; {@code prepare} loads one table of {@code tableSize} rows. */
    public static List<String> command(String test, String action, Endpoint at, Load load) {
        List<String> cmd = new ArrayList<>(List.of(BINARY, test,
                "--db-driver=mysql",
                "--mysql-host=127.0.0.1",
                "--mysql-port=" + at.port(),
                "--mysql-user=" + at.user(),
                "--mysql-password=" + at.password(),
                "--mysql-db=" + at.database(),
                "--tables=1",
                "--table-size=" + load.tableSize(),
                "--db-ps-mode=" + (load.preparedStatements() ? "auto" : "disable")));
        if (action.equals("run")) {
            cmd.add("--threads=" + load.threads());
            cmd.add("--time=" + load.seconds());
            cmd.add("--percentile=95");
        }
        cmd.add(action);
        return cmd;
    }

    /** Reads sysbench's closing report; empty when it has none (it failed before measuring). */
    public static Optional<Measurement> parse(String report) {
        Matcher q = QUERIES.matcher(report);
        Matcher p = P95.matcher(report);
        if (!q.find() || !p.find()) {
            return Optional.empty();
        }
        return Optional.of(new Measurement(Long.parseLong(q.group(1)), Double.parseDouble(q.group(2)), Double.parseDouble(p.group(1)),
                first(READS, report), first(WRITES, report), first(ERRORS, report)));
    }

    private static long first(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /**
     * Runs {@code cmd}, its output to {@code log}; kills it after {@code limit}.
     *
     * @return its output
     * @throws IOException when it cannot start, exits non-zero or overruns; the message holds the output's tail
     */
    public static String run(List<String> cmd, Path log, Duration limit) throws IOException, InterruptedException {
        if (stopped) {
            throw new IOException("stopped: the benchmark is being taken down");
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!RUNNING.compareAndSet(null, p)) {
            p.destroyForcibly();
            throw new IllegalStateException("one sysbench at a time");
        }
        try {
            boolean exited = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (!exited || p.exitValue() != 0) {
                throw new IOException((exited ? "sysbench exited with " + p.exitValue() : "sysbench overran " + limit.toSeconds() + " s")
                        + " (" + String.join(" ", cmd.subList(1, cmd.size())) + "):\n" + tail(output, 12));
            }
            return output;
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
            RUNNING.compareAndSet(p, null);
        }
    }

    /** Kills the sysbench run in progress, if any, and refuses later ones (for a shutdown hook). */
    public static void stopRunning() {
        stopped = true;
        Process p = RUNNING.get();
        if (p != null) {
            p.destroyForcibly();
        }
    }

    /** The first {@code FATAL:} line of sysbench's output (why it stopped), else its last line. */
    public static String firstError(String output) {
        for (String line : output.split("\n")) {
            if (line.startsWith("FATAL: ")) {
                return line.substring("FATAL: ".length()).strip();
            }
        }
        return tail(output, 1);
    }

    static String tail(String text, int lines) {
        String[] all = text.strip().split("\n");
        return String.join("\n", Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
    }
}
