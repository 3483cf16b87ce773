package io.shardops.reconciler.backup;

import io.shardops.dataplane.tablet.TabletManager;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Takes the backups a policy's {@code schedule} makes due, in the background of the process that runs the
 * cluster (the local node): once a minute it reads the policy the cluster last applied
 * ({@link AppliedBackupPolicy}) and the topology, and backs up each shard whose next backup is due, one at a time.
 * A failed backup is logged and tried again at the next check.
 */
public final class BackupScheduler implements AutoCloseable {
    public static final Duration CHECK_EVERY = Duration.ofMinutes(1);

    private final Path stateDir;
    private final Supplier<Topology> topology;
    /** How a tablet's manager is reached (the apply steps' {@code TabletManagers::of}). */
    private final Function<TabletRecord, TabletManager> managers;
    private final Consumer<String> log;
    private final Clock clock;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shardops-backup-scheduler");
        t.setDaemon(true);
        return t;
    });

    public BackupScheduler(Path stateDir, Supplier<Topology> topology, Function<TabletRecord, TabletManager> managers, Consumer<String> log, Clock clock) {
        this.stateDir = stateDir;
        this.topology = topology;
        this.managers = managers;
        this.log = log;
        this.clock = clock;
    }

    public BackupScheduler start(Duration every) {
        thread.scheduleWithFixedDelay(this::checkQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            log.accept("backup scheduler: " + e.getMessage());
        }
    }

    /** One pass: every shard whose scheduled backup is due gets one. Returns how many were taken. */
    public int check() {
        Optional<AppliedBackupPolicy> policy = AppliedBackupPolicy.read(stateDir);
        if (policy.isEmpty() || policy.get().keyspaces().values().stream().allMatch(e -> e.parsedSchedule().isEmpty())) {
            return 0;
        }
        Topology t = topology.get();
        int taken = 0;
        for (var entry : policy.get().keyspaces().entrySet()) {
            for (ShardRecord s : t.shardsOf(entry.getKey())) {
                BackupStatus.ShardPolicy sp = new BackupStatus.ShardPolicy(s.keyspace(), s.name(), entry.getValue());
                if (!BackupStatus.due(sp, clock.instant())) {
                    continue;
                }
                try {
                    new ShardBackups(managers, log).backup(t, s.keyspace(), s.name(), entry.getValue().settings());
                    taken++;
                } catch (RuntimeException e) {
                    log.accept("scheduled backup of " + s.keyspace() + "/" + s.name() + " failed: " + e.getMessage());
                }
            }
        }
        return taken;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
