package io.shardops.reconciler.cli;

import io.shardops.dataplane.process.FreePorts;
import io.shardops.reconciler.bench.BenchCluster;
import io.shardops.reconciler.bench.FailoverBench;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shardops bench failover}: a primary lost for good under writes, on a throwaway local cluster. */
@Command(name = "failover", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Start a throwaway local cluster (one shard: a primary, two replicas, an rdonly; durability semi-sync; a gateway),"
                    + " let --clients clients insert unique ids through the gateway as fast as they can, then kill -9 the primary's"
                    + " mysqld so that it cannot start again.",
            "Reports the time from the kill to the first acknowledged write (goal < 5 s, detection included), the client errors,"
                    + " and an audit: every acknowledged write present exactly once (goal 0 lost). Exit 1 if a write was lost."
        })
public final class BenchFailoverCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--clients", defaultValue = "4", description = "Writing clients (default ${DEFAULT-VALUE}, 1..64).")
    int clients;

    @Option(names = "--after-seconds", defaultValue = "5", description = "How long the clients go on after the new primary is recorded (default ${DEFAULT-VALUE}, 1..120).")
    int afterSeconds;

    @Option(names = "--verbose", description = "Also print what shardops up prints.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || clients > 64 || afterSeconds < 1 || afterSeconds > 120) {
            throw new UserException("--clients is 1..64 and --after-seconds 1..120; got " + clients + " and " + afterSeconds, 2);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> progress = line -> {
            err.println("bench failover: " + line);
            err.flush();
        };
        Consumer<String> lines = line -> {
            if (verbose) {
                progress.accept("  " + line.strip());
            }
        };
        return BenchCluster.withCluster("failover", progress, cluster -> {
            FailoverBench.Report r = new FailoverBench(cluster, (specFile, stateDir) -> InProcess.run(new UpCommand(), "up", lines,
                    specFile.toString(), "--state-dir", stateDir.toString(), "--auto-approve"), progress)
                    .run(new FailoverBench.Options(clients, afterSeconds, FreePorts.one()));
            out.print(r.text());
            out.flush();
            return r.lost() == 0 && r.duplicated() == 0 ? 0 : 1;
        });
    }
}
