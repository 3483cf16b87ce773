package io.shardops.reconciler.cli;

import io.shardops.dataplane.process.FreePorts;
import io.shardops.reconciler.bench.BenchCluster;
import io.shardops.reconciler.bench.SchemaChangeBench;
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

/** {@code shardops bench schema-change}: a copy-only ALTER run direct and online on the same table, then the online one reverted. */
@Command(name = "schema-change", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Start a throwaway local cluster (keyspace bench, shard 0 with a primary, a gateway), load one table of --rows rows, and, while"
                    + " a client writes --write-rate rows/s through the gateway, change an int column to bigint (MariaDB 10.11 can only copy"
                    + " for that) with schemaChanges.strategy direct, then another one online, then revert the online change.",
            "Reports for each: its time, the longest gap between acknowledged writes, the client's errors and acknowledged rows missing"
                    + " (goal for online and revert: gap < 1 s, 0 errors, 0 missing). Everything started is stopped and the temp dir removed."
        })
public final class BenchSchemaChangeCommand implements Callable<Integer> {
    static final long MAX_ROWS = 10_000_000;
    static final int MAX_WRITE_RATE = 10_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--rows", defaultValue = "1000000", description = "Rows in the table (default ${DEFAULT-VALUE}, 1.." + MAX_ROWS + ").")
    long rows;

    @Option(names = "--write-rate", defaultValue = "1000", paramLabel = "PER_SECOND", description = "Writes per second of the client (default ${DEFAULT-VALUE}).")
    int writeRate;

    @Mixin
    FormatOption format = new FormatOption();

    @Option(names = "--verbose", description = "Also print what shardops up, apply and revert print.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        List<String> bad = new ArrayList<>();
        if (rows < 1 || rows > MAX_ROWS) {
            bad.add("--rows must be 1.." + MAX_ROWS + ", got " + rows);
        }
        if (writeRate < 1 || writeRate > MAX_WRITE_RATE) {
            bad.add("--write-rate must be 1.." + MAX_WRITE_RATE + " writes per second, got " + writeRate);
        }
        if (!bad.isEmpty()) {
            throw new UserException(String.join("\n", bad), 2);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> progress = line -> {
            err.println("bench schema-change: " + line);
            err.flush();
        };
        Consumer<String> lines = line -> {
            if (verbose || line.contains("copying,") || line.contains("writes held") || line.contains("schema change")) {
                progress.accept("  " + line.strip());
            }
        };
        SchemaChangeBench.Shardops shardops = new SchemaChangeBench.Shardops() {
            @Override
            public void up(Path specFile, Path stateDir) {
                InProcess.run(new UpCommand(), "up", lines, specFile.toString(), "--state-dir", stateDir.toString(), "--auto-approve");
            }

            @Override
            public void apply(Path specFile, Path stateDir) {
                InProcess.run(new ApplyCommand(), "apply", lines, specFile.toString(), "--state-dir", stateDir.toString(), "--auto-approve");
            }

            @Override
            public void revert(String table, Path stateDir) {
                InProcess.run(new RevertCommand(), "revert", lines, table, "--state-dir", stateDir.toString());
            }
        };
        return BenchCluster.withCluster("schema-change", progress, cluster -> {
            SchemaChangeBench.Report r = new SchemaChangeBench(cluster, shardops, progress)
                    .run(new SchemaChangeBench.Options(rows, writeRate, FreePorts.one()));
            out.print(format.json() ? r.json() + "\n" : r.text());
            out.flush();
            return r.online().lost() + r.revert().lost() + r.direct().lost() == 0 ? 0 : 1;
        });
    }
}
