package io.shardops.reconciler.backup;

import io.shardops.dataplane.archive.ArchiveCatalog;
import io.shardops.dataplane.archive.SegmentManifest;
import io.shardops.dataplane.backup.BackupCatalog;
import io.shardops.dataplane.backup.BackupLocations;
import io.shardops.dataplane.backup.BackupManifest;
import io.shardops.dataplane.backup.BackupProgress;
import io.shardops.dataplane.backup.BackupVerification;
import io.shardops.dataplane.backup.ShardRestore;
import io.shardops.dataplane.replication.GtidPosition;
import io.shardops.dataplane.tablet.TabletManager;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.spec.TabletType;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Takes a shard's backup on the tablet {@link BackupSourceChoice} picks, writing progress lines while it runs, and
 * prunes the shard's backups to the policy's count; seeds a new tablet from the latest backup.
 */
public final class ShardBackups {
    private static final long PROGRESS_SECONDS = 2;
    /** How a tablet's manager is reached (the apply steps' {@code TabletManagers::of}). */
    private final Function<TabletRecord, TabletManager> managers;
    private final Consumer<String> progress;

    public ShardBackups(Function<TabletRecord, TabletManager> managers, Consumer<String> progress) {
        this.managers = managers;
        this.progress = progress;
    }

    /** What a backup run did: the new backup and the ones pruning deleted. */
    public record Taken(BackupManifest backup, String tablet, List<BackupManifest> pruned) {}

    public Taken backup(Topology t, String keyspace, String shard, BackupSettings settings) {
        ShardRecord s = t.shard(keyspace, shard).orElseThrow(() -> new IllegalArgumentException(
                "no shard " + keyspace + "/" + shard + " in the cluster; see shardops status"));
        TabletRecord source = BackupSourceChoice.choose(t, keyspace, shard, settings.from()).orElseThrow(() ->
                new IllegalStateException("shard " + keyspace + "/" + shard + " has no running tablet to back up"));
        progress.accept("Backing up " + keyspace + "/" + shard + " from " + source.alias() + " (" + source.type().word()
                + ") into " + settings.location());
        TabletManager manager = managers.apply(source);
        long t0 = System.nanoTime();
        CompletableFuture<BackupManifest> running = CompletableFuture.supplyAsync(
                () -> manager.backup(settings.request(keyspace, shard, s.keyRange().name())));
        BackupManifest m = awaitWithProgress(running, manager, t0);
        progress.accept(String.format("  done: %s, %s stored (%s streamed), GTID %s, %.1f s", m.name(), size(m.sizeBytes()),
                size(m.rawBytes()), m.gtidPosition().isEmpty() ? "(none)" : m.gtidPosition(), (System.nanoTime() - t0) / 1e9));
        List<BackupManifest> pruned;
        try {
            BackupCatalog catalog = catalog(settings);
            pruned = catalog.prune(keyspace, shard, settings.keep());
            for (BackupManifest p : pruned) {
                progress.accept("  pruned " + p.name() + " (keep " + settings.keep() + ")");
            }
            pruneArchive(catalog, keyspace, shard);
        } catch (IOException e) {
            throw new IllegalStateException("backup " + m.name() + " is stored, but pruning " + settings.location() + " failed: " + e.getMessage(), e);
        }
        return new Taken(m, source.alias(), pruned);
    }

    private BackupManifest awaitWithProgress(CompletableFuture<BackupManifest> running, TabletManager manager, long t0) {
        while (true) {
            try {
                return running.get(PROGRESS_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                try {
                    BackupProgress p = manager.backupProgress();
                    if (p.running()) {
                        progress.accept(String.format("  %s streamed, %s stored, %.0f s", size(p.rawBytes()), size(p.storedBytes()),
                                (System.nanoTime() - t0) / 1e9));
                    }
                } catch (RuntimeException ignored) {
                    // a progress line missed is no reason to stop waiting for the backup
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for the backup", e);
            }
        }
    }

    /**
     * Seeds a new tablet of a shard from the shard's latest backup, when there is one; empty when there is none
     * (the tablet then replicates everything from the primary, as before).
     */
    public Optional<ShardRestore.Result> seed(TabletRecord tablet, BackupSettings settings) {
        Optional<BackupManifest> latest;
        try {
            latest = catalog(settings).latest(tablet.keyspace(), tablet.shard());
        } catch (IOException | RuntimeException e) {
            progress.accept("  no backup read for " + tablet.keyspace() + "/" + tablet.shard() + " (" + e.getMessage()
                    + "): " + tablet.alias() + " replicates from the primary from the start");
            return Optional.empty();
        }
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        BackupManifest m = latest.get();
        progress.accept("Seeding " + tablet.alias() + " from backup " + m.name() + " (GTID " + m.gtidPosition() + ")");
        ShardRestore.Result r = managers.apply(tablet).restoreBackup(settings.request(tablet.keyspace(), tablet.shard(), m.keyRange()), m);
        progress.accept(String.format("  restored in %.1f s (fetch %.1f s, prepare %.1f s, move back and start %.1f s)",
                (r.fetch().toMillis() + r.prepare().toMillis() + r.moveBack().toMillis()) / 1e3, r.fetch().toMillis() / 1e3,
                r.prepare().toMillis() / 1e3, r.moveBack().toMillis() / 1e3));
        return Optional.of(r);
    }

    /**
     * Verifies the shard's latest backup on a replica or rdonly (restored into a scratch MariaDB, every table's
     * checksum compared at one GTID position); a line per table, and an exception saying what failed.
     */
    public BackupVerification.Result verifyLatest(Topology t, String keyspace, String shard, BackupSettings settings) {
        BackupManifest m;
        try {
            m = catalog(settings).latest(keyspace, shard).orElseThrow(() -> new IllegalStateException(
                    "shard " + keyspace + "/" + shard + " has no backup in " + settings.location() + " to verify; take one with shardops backup "
                            + keyspace + "/" + shard));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read backups in " + settings.location() + ": " + e.getMessage(), e);
        }
        TabletRecord source = BackupSourceChoice.choose(t, keyspace, shard, settings.from())
                .filter(r -> r.type() != TabletType.PRIMARY)
                .orElseThrow(() -> new IllegalStateException("shard " + keyspace + "/" + shard
                        + " runs no replica or rdonly; a backup is verified beside one"));
        progress.accept("Verifying " + keyspace + "/" + shard + " backup " + m.name() + " on " + source.alias()
                + " (restore into a scratch MariaDB, then CHECKSUM TABLE at one GTID position)");
        long t0 = System.nanoTime();
        var r = managers.apply(source).verifyBackup(settings.request(keyspace, shard, m.keyRange()), m);
        for (var c : r.tables()) {
            progress.accept(String.format("  %-30s %s", c.table(), c.matches() ? "ok (" + c.source() + ")"
                    : "MISMATCH: source " + c.source() + ", restored " + c.restored()));
        }
        progress.accept(String.format("  %s at GTID %s, %.1f s", r.ok() ? "verified" : "FAILED", r.position(), (System.nanoTime() - t0) / 1e9));
        if (!r.ok()) {
            throw new IllegalStateException("backup " + m.name() + " of " + keyspace + "/" + shard + " does not match its source; see the tables above");
        }
        return r;
    }

    /**
     * The archived binlogs older than the shard's oldest kept backup can serve no point-in-time restore (one starts
     * from a kept backup and replays what came after it): they go with the backups pruning deleted.
     */
    private void pruneArchive(BackupCatalog catalog, String keyspace, String shard) throws IOException {
        List<BackupManifest> kept = catalog.shard(keyspace, shard);
        if (kept.isEmpty()) {
            return;
        }
        BackupManifest oldest = kept.get(0);
        List<SegmentManifest> deleted = new ArchiveCatalog(catalog.location())
                .prune(keyspace, shard, GtidPosition.parse(oldest.gtidPosition()));
        if (!deleted.isEmpty()) {
            progress.accept("  pruned " + deleted.size() + " archived binlog segment(s) " + deleted.get(0).number() + ".."
                    + deleted.get(deleted.size() - 1).number() + ", all before the oldest kept backup " + oldest.name()
                    + " (GTID " + oldest.gtidPosition() + ")");
        }
    }

    public static BackupCatalog catalog(BackupSettings settings) {
        return new BackupCatalog(BackupLocations.open(settings.location(), settings.credentialsFile()));
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format("%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format("%.1f MiB", bytes / (1024.0 * 1024));
        }
        return String.format("%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
