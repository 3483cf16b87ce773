package io.shardops.reconciler.cli;

import io.shardops.reconciler.failover.FailoverMonitor;
import java.io.PrintWriter;
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
    EtcdOption etcd = new EtcdOption();

    @Mixin
    StateDirOption stateDir = new StateDirOption();

    @Mixin
    ClusterOption cluster = new ClusterOption();

    @Option(names = "--down-for", paramLabel = "MILLIS", defaultValue = "2000",
            description = "How long a primary must stay unhealthy before it is replaced (default: ${DEFAULT-VALUE}).")
    long downForMillis;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        EtcdAccess access = etcd.access(stateDir.dir);
        if (downForMillis < 500 || downForMillis > 600_000) {
            throw new UserException("--down-for is between 500 and 600000 ms, got " + downForMillis);
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        return LiveTopology.withStore(access, store -> {
            String c = ReparentCommand.clusterName(store, cluster.given());
            try (FailoverMonitor m = new FailoverMonitor(store, c, access.tabletManagers(),
                    new FailoverMonitor.Settings(Duration.ofMillis(250), Duration.ofMillis(downForMillis)), line -> {
                        out.println(Instant.now() + " " + line);
                        out.flush();
                    }).start()) {
                out.println(Instant.now() + " failover monitor of cluster " + c + " started");
                out.flush();
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        });
    }
}
