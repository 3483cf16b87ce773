package io.shardops.reconciler.cli;

import io.shardops.reconciler.bench.PushToPlanBench;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shardops bench gitops}: push-to-plan latency with the webhook, against the timer alone. */
@Command(name = "gitops", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Push commits to a local bare repository and measure until the watcher's plan of each is visible in GET /api/status:"
                    + " once with a signed webhook per push, once (the baseline) found by the timer alone."
        })
public final class BenchGitopsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--spec", defaultValue = "examples/phases/101_initial_cluster.yaml", paramLabel = "FILE",
            description = "A one-file spec with a 'replica: N' count to alternate (default: ${DEFAULT-VALUE}).")
    Path specFile;

    @Option(names = "--pushes", defaultValue = "20", description = "Measured pushes per mode (default: ${DEFAULT-VALUE}).")
    int pushes;

    @Option(names = "--warmup", defaultValue = "3", description = "Pushes before measuring, per mode (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--baseline-interval", defaultValue = "1s", paramLabel = "DURATION", converter = WatchCommand.DurationConverter.class,
            description = "The timer of the no-webhook baseline (default: ${DEFAULT-VALUE}; Argo CD's default is 180s).")
    Duration baselineInterval;

    @Option(names = "--verbose", description = "Print every push. The third mode (push-to-applied) runs a one-step VSchema change against an etcd it starts.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(specFile)) {
            throw new UserException(specFile + ": no such spec file; run from the repository root or give --spec FILE", 2);
        }
        if (pushes < 1 || warmup < 0) {
            throw new UserException("--pushes must be at least 1 and --warmup at least 0", 2);
        }
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("shardops-bench-gitops-");
        PushToPlanBench bench = new PushToPlanBench(specFile, work, line -> {
            if (verbose) {
                out.println(line);
                out.flush();
            }
        });
        out.println("push-to-plan latency: commit + push to a local bare repo until the plan shows in GET /api/status;"
                + " push-to-applied: until a real etcd holds the change and the status says applied");
        out.println("spec " + specFile + ", a one-step change per push (replica count), " + pushes + " pushes per mode after "
                + warmup + " warm-up, dry run;"
                + " push-to-applied: a one-step VSchema change (keyspace without tablets) applied by the executor to an etcd it starts");
        out.flush();
        List<PushToPlanBench.Result> results = List.of(
                bench.run(true, Duration.ofHours(1), warmup, pushes),
                bench.run(false, baselineInterval, warmup, pushes),
                bench.runApplied(warmup, pushes));
        out.println();
        out.printf("%-24s %10s %10s %22s%n", "mode", "median", "max", "watcher median (fetch..plan)");
        for (PushToPlanBench.Result r : results) {
            out.printf("%-24s %7d ms %7d ms %19d ms%n", r.mode(), r.median().toMillis(), r.max().toMillis(), r.medianWatcherMillis());
        }
        PushToPlanBench.Result hook = results.get(0);
        PushToPlanBench.Result timer = results.get(1);
        out.printf("%nwebhook median is %.1fx faster than a %d ms timer; Argo CD polls every 180 s by default (median wait ~90 s).%n",
                (double) timer.median().toNanos() / Math.max(1, hook.median().toNanos()), baselineInterval.toMillis());
        out.flush();
        return 0;
    }
}
