package io.shardops.reconciler.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code shardops bench}: benchmark commands; each prints its figures beside a baseline measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Benchmarks, each with a baseline in the same run.",
        subcommands = {
            BenchGatewayCommand.class,
            BenchMoveCommand.class,
            BenchGitopsCommand.class,
            BenchPlanCommand.class,
            BenchCopyCommand.class,
            BenchBackupCommand.class,
        })
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
