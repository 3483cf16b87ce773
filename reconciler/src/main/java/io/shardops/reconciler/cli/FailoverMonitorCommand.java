package io.shardops.reconciler.cli;

import io.shardops.reconciler.failover.FailoverMonitor;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shardops failover-monitor}: the failover monitor as a process of its own (a Kubernetes pod); the
 * local node runs one already.
 */
@Command(name = "failover-monitor", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Watch every shard's primary and replace one that is gone (emergency reparent); fence former primaries"
                    + " that come back. Runs until stopped. The local node runs one already.",
        })
public final class FailoverMonitorCommand implements Callable<Integer> {
    @Mixin
    LiveClusterOptions live = new LiveClusterOptions();

    @Option(names = "--down-for", paramLabel = "MILLIS", defaultValue = "2000",
            description = "How long a primary must stay unhealthy before it is replaced (default: ${DEFAULT-VALUE}).")
    long downForMillis;

    @Option(names = "--lost-after", paramLabel = "SECONDS",
            description = "How long a tablet's manager may stay silent (its host gone) before the tablet is marked lost, so the next"
                    + " apply replaces it (default 300; 10..86400).")
    int lostAfterSeconds = (int) FailoverMonitor.Settings.LOST_AFTER.toSeconds();

    @Option(names = "--backup-policy", paramLabel = "DIR",
            description = "Also take the scheduled backups and run the binlog archive of the backup policy in DIR/backup-policy.json"
                    + " (the cluster's backup-policy ConfigMap on Kubernetes; a local cluster's node does this itself).")
    Path backupPolicy;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        EtcdAccess access = live.access();
        if (downForMillis < 500 || downForMillis > 600_000) {
            throw new UserException("--down-for is between 500 and 600000 ms, got " + downForMillis);
        }
        if (lostAfterSeconds < 10 || lostAfterSeconds > 86_400) {
            throw new UserException("--lost-after is between 10 and 86400 seconds, got " + lostAfterSeconds);
        }
        if (backupPolicy != null && !Files.isDirectory(backupPolicy)) {
            throw new UserException("--backup-policy " + backupPolicy + " is not a folder; give the folder holding backup-policy.json");
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        return LiveTopology.withStore(access, store -> {
            String c = live.clusterName(store);
            try (FailoverMonitor m = new FailoverMonitor(store, c, access.tabletManagers(),
                    new FailoverMonitor.Settings(Duration.ofMillis(250), Duration.ofMillis(downForMillis), Duration.ofSeconds(lostAfterSeconds)), line -> {
                        out.println(Instant.now() + " " + line);
                        out.flush();
                    }).start()) {
                out.println(Instant.now() + " failover monitor of cluster " + c + " started");
                out.flush();
                try (AutoCloseable backups = backupPolicy == null ? () -> { } : ScheduledBackups.start(backupPolicy, access, c, line -> {
                    out.println(Instant.now() + " " + line);
                    out.flush();
                })) {
                    stop.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new UserException("failover monitor of " + c + ": " + e.getMessage());
            }
            return 0;
        });
    }
}
