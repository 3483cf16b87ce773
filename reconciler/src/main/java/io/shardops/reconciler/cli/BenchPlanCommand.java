package io.shardops.reconciler.cli;

import io.shardops.planner.bench.PlanBench;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shardops bench plan}: planning time on generated clusters, a size and ten times that size in one run. */
@Command(name = "plan", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Plan generated clusters of KEYSPACES x SHARDS x 3 tablets and of ten times the shards, from scratch and for a one-shard change;"
                    + " print the times and their ratio (linear growth is 10).",
            "Nothing is started: the planner is pure, the live topology is the one the smaller spec describes."
        })
public final class BenchPlanCommand implements Callable<Integer> {
    @Option(names = "--keyspaces", defaultValue = "4", description = "Keyspaces (default 4).")
    int keyspaces;

    @Option(names = "--shards", defaultValue = "256", description = "Shards per keyspace at the base size (default 256: 3,072 tablets; ten times is 30,720).")
    int shards;

    @Option(names = "--runs", defaultValue = "7", description = "Timed runs per measurement; the median is reported (default 7).")
    int runs;

    @Override
    public Integer call() {
        if (keyspaces < 1 || shards < 1 || shards * 10 > 65536 || runs < 1) {
            throw new UserException("--keyspaces and --runs must be at least 1, and --shards between 1 and 6553 (ten times must fit two-byte key-range boundaries)");
        }
        PlanBench.run(keyspaces, shards, runs, System.out);
        return 0;
    }
}
