package io.shardops.reconciler.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code shardops} command; each subcommand is a class of its own in this package. */
@Command(
        name = "shardops",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "GitOps for sharded MySQL: plan and apply keyspaces, shards, tablets, schema and data moves from YAML in Git.",
        subcommands = {
            UpCommand.class,
            DownCommand.class,
            CredentialsCommand.class,
            StatusCommand.class,
            BackupCommand.class,
            BackupsCommand.class,
            RestoreCommand.class,
            NodeCommand.class,
            TabletCommand.class,
            GatewayCommand.class,
            ValidateCommand.class,
            PlanCommand.class,
            ApplyCommand.class,
            ApproveCommand.class,
            RevertCommand.class,
            ConfirmCommand.class,
            ReparentCommand.class,
            FailoverMonitorCommand.class,
            WatchCommand.class,
            PreviewCommand.class,
            BenchCommand.class,
            RenderCommand.class,
            ExplainCommand.class,
            DemoCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class ShardopsCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Builds the command line with the project's error handling and runs it; returns the exit code. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new ShardopsCommand());
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        return cli.execute(args);
    }
}
