package io.shardops.reconciler.cli;

import io.shardops.dataplane.process.FreePorts;
import io.shardops.reconciler.bench.BenchCluster;
import io.shardops.reconciler.bench.MoveBench;
import io.shardops.reconciler.bench.MoveBenchReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shardops bench move}: a Reshard on a throwaway local cluster, measured against mysqldump | mysql of
 * the same rows, with a steady client during the copy and a fast one during the primary switch.
 */
@Command(name = "move", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Start a throwaway local cluster (shardops up in a temp state dir: keyspace bench, shard 0 with a primary and an rdonly,"
                    + " a gateway), load one table of --rows rows, and reshard it into -80 and 80- with shardops apply, phase by phase.",
            "Reports: the copy's rows/s against mysqldump | mysql of the same rows into one target (goal 0.8); the streams' lag while"
                    + " a client writes --write-rate rows/s through the gateway during and after the copy; and, while a client writes as"
                    + " fast as it can, the longest gap between acknowledged writes and the client errors during switch-traffic primary"
                    + " (goal < 1 s, 0 errors). Everything started is stopped and the temp dir removed at the end, on failure and on Ctrl-C."
        })
public final class BenchMoveCommand implements Callable<Integer> {
    static final long MAX_ROWS = 10_000_000;
    static final int MAX_WRITE_RATE = 10_000;
    static final int MAX_LAG_SECONDS = 300;

    @Spec
    CommandSpec spec;

    @Option(names = "--rows", defaultValue = "1000000", description = "Rows in the resharded table (default ${DEFAULT-VALUE}, 1.." + MAX_ROWS + ").")
    long rows;

    @Option(names = "--write-rate", defaultValue = "1000", paramLabel = "PER_SECOND",
            description = "Writes per second of the steady client during and after the copy (default ${DEFAULT-VALUE}; 0: none, the copy alone).")
    int writeRate;

    @Option(names = "--lag-seconds", defaultValue = "10", paramLabel = "SECONDS",
            description = "How long to sample the streams' lag after the copy, the steady client still writing (default ${DEFAULT-VALUE}).")
    int lagSeconds;

    @Mixin
    FormatOption format = new FormatOption();

    @Option(names = "--jfr", paramLabel = "FILE",
            description = "Also record the node JVM (tablets and gateway) with Java Flight Recorder during start-copy, into FILE.")
    Path jfr;

    @Option(names = "--verbose", description = "Also print what shardops up and apply print.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        MoveBench.Options options = options();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> progress = line -> {
            err.println("bench move: " + line);
            err.flush();
        };
        return BenchCluster.withCluster("move", progress, cluster -> {
            MoveBenchReport report = new MoveBench(cluster, shardops(progress), progress).run(options);
            out.print(format.json() ? report.json() + "\n" : report.text());
            out.flush();
            if (report.rowsOnTargets() != report.rowsExpected()) {
                err.println("bench move: the targets hold " + report.rowsOnTargets() + " rows, not the " + report.rowsExpected()
                        + " copied and acknowledged: rows were lost or duplicated");
                return 1;
            }
            return 0;
        });
    }

    /** The options checked, or a UserException naming every one out of bounds. */
    MoveBench.Options options() {
        List<String> bad = new ArrayList<>();
        if (rows < 1 || rows > MAX_ROWS) {
            bad.add("--rows must be 1.." + MAX_ROWS + ", got " + rows);
        }
        if (writeRate < 0 || writeRate > MAX_WRITE_RATE) {
            bad.add("--write-rate must be 0.." + MAX_WRITE_RATE + " writes per second, got " + writeRate);
        }
        if (lagSeconds < 1 || lagSeconds > MAX_LAG_SECONDS) {
            bad.add("--lag-seconds must be 1.." + MAX_LAG_SECONDS + ", got " + lagSeconds);
        }
        if (!bad.isEmpty()) {
            throw new UserException(String.join("\n", bad), 2);
        }
        return new MoveBench.Options(rows, writeRate, lagSeconds, FreePorts.one(), jfr);
    }

    /** up and apply in this JVM; their own lines only with --verbose, apply's copy progress always. */
    private MoveBench.Shardops shardops(Consumer<String> progress) {
        Consumer<String> lines = line -> {
            if (verbose || line.contains("copying,") || line.contains("copy done")) {
                progress.accept("  " + line.strip());
            }
        };
        return new MoveBench.Shardops() {
            @Override
            public void up(Path specFile, Path stateDir) {
                InProcess.run(new UpCommand(), "up", lines, specFile.toString(), "--state-dir", stateDir.toString(), "--auto-approve");
            }

            @Override
            public void apply(Path specFile, Path stateDir) {
                InProcess.run(new ApplyCommand(), "apply", lines, specFile.toString(), "--state-dir", stateDir.toString(), "--auto-approve");
            }
        };
    }
}
