package io.shardops.dataplane.backup;

import io.shardops.dataplane.files.FileTrees;
import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.dataplane.mysqlctl.MysqldConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Takes a backup of one tablet's MariaDB: {@code mariadb-backup --backup --stream=xbstream} as the server's user,
 * its stream zstd-compressed (level 1: several times gzip's speed at a better ratio) and hashed (SHA-256 of the stored
 * bytes) on the way into a pending object of the location, committed only when the tool exits 0 and says
 * {@code completed OK!}; then the manifest, last. A tool that dies (kill -9, a full disk) leaves neither the data
 * object nor a manifest.
 *
 * <p>The tool writes its stream into a pipe drained by its own thread ({@link StreamCompressor}), where it waits
 * whenever the pipe is full; or, when {@link #stageOnDisk} allows it and the stream fits on the scratch directory's
 * disk with room to spare, into a file there, read and compressed behind it as it grows ({@link StagedStream}), so
 * it never waits for us but its stream goes through the page cache twice. Either way the stored object is zstd of
 * the tool's own xbstream, and restores the same way.
 */
public final class ShardBackup {
    /*
     * zstd level 1 with two compression threads. Through the pipe, on the bench's 1,000,000-row tablet the whole backup
     * took 0.93-1.11 s at level 1, 0.93-0.99 s at level -3 (90 MiB stored instead of 52) and 0.99-1.04 s at -1: the
     * tool's pipe, not the codec, set the pace, so the smaller object won (less to force to disk, less to upload).
     */
    private static final StreamCompressor COMPRESSOR = new StreamCompressor(1, 2);
    private final MysqldConfig mysqld;
    private final Path dataDir;
    private final MysqlAccounts accounts;
    private final String tabletAlias;
    private final Clock clock;
    private final AtomicReference<BackupProgress> progress = new AtomicReference<>(BackupProgress.IDLE);
    private volatile boolean staging;

    public ShardBackup(MysqldConfig mysqld, MysqlAccounts accounts, String tabletAlias, Clock clock) {
        this(mysqld, mysqld.dataDir(), accounts, tabletAlias, clock);
    }

    /** A backup of a server whose datadir is {@code dataDir}, not the config's (a Kubernetes pod's mysqld container). */
    public ShardBackup(MysqldConfig mysqld, Path dataDir, MysqlAccounts accounts, String tabletAlias, Clock clock) {
        this.mysqld = mysqld;
        this.dataDir = dataDir;
        this.accounts = accounts;
        this.tabletAlias = tabletAlias;
        this.clock = clock;
    }

    /**
     * Whether a backup may stage the tool's stream on disk when it fits ({@link StagedStream}) instead of the pipe.
     * Off by default: on the shared 2-core build machine, at load 3-9, staged backups took longer than piped ones
     * (docs/performance.md); {@code bench backup} measures both.
     */
    public ShardBackup stageOnDisk(boolean allowed) {
        staging = allowed;
        return this;
    }

    public BackupProgress progress() {
        return progress.get();
    }

    /** One backup at a time per tablet: a second caller waits (the tool would double the I/O). */
    public synchronized BackupManifest take(BackupRequest request) {
        BackupCatalog catalog = new BackupCatalog(BackupLocations.open(request.location(), request.credentialsFile()));
        Instant start = clock.instant();
        String name = BackupNames.backupName(start, tabletAlias);
        String dataObject = BackupNames.dataObject(request.keyspace(), request.shard(), name);
        progress.set(new BackupProgress(true, name, 0, 0));
        Path scratch = null;
        try {
            scratch = MariaDbBackupTool.scratch(mysqld, accounts, "backup");
            Path log = scratch.resolve("mariadb-backup.log");
            StreamCompressor.Progress onProgress = (raw, stored) -> progress.set(new BackupProgress(true, name, raw, stored));
            try (PendingObject out = catalog.location().create(dataObject)) {
                StagedStream.Outcome outcome = staging && StagedStream.fits(dataDir, scratch)
                        ? staged(scratch, log, out, onProgress)
                        : streamed(scratch, log, out, onProgress);
                if (outcome.copied() == null) {
                    throw new BackupException("mariadb-backup on " + tabletAlias + " failed (exit " + outcome.exitCode()
                            + "); nothing was stored. Its last lines:\n" + MariaDbBackupTool.tail(outcome.log(), 8));
                }
                out.commit();
                CompressingSink.Copied stored = outcome.copied();
                BackupManifest manifest = new BackupManifest(name, request.keyspace(), request.shard(), request.keyRange(),
                        tabletAlias, MariaDbBackupTool.gtidFromLog(outcome.log()), start, clock.instant(), dataObject,
                        stored.storedBytes(), stored.rawBytes(), stored.sha256(), MariaDbBackupTool.version(),
                        "xbstream", BackupNames.COMPRESSION);
                catalog.writeManifest(manifest);
                return manifest;
            }
        } catch (IOException e) {
            throw new BackupException("backup of " + request.keyspace() + "/" + request.shard() + " on " + tabletAlias
                    + " into " + request.location() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException("backup interrupted", e);
        } finally {
            BackupProgress last = progress.get();
            progress.set(new BackupProgress(false, name, last.rawBytes(), last.storedBytes()));
            deleteQuietly(scratch);
        }
    }

    /**
     * The tool writes its stream into {@code scratch/stream.xbstream}, read behind it ({@link StagedStream}): used when
     * the stream fits on the scratch directory's disk.
     */
    private StagedStream.Outcome staged(Path scratch, Path log, PendingObject out, StreamCompressor.Progress onProgress)
            throws IOException {
        try (CompressingSink sink = COMPRESSOR.sink(out)) {
            return StagedStream.run(MariaDbBackupTool.backupCommand(dataDir, scratch), scratch.resolve("stream.xbstream"), log,
                    sink, onProgress);
        }
    }

    /** The tool streams xbstream into a pipe, drained and compressed by {@link StreamCompressor}: no disk room needed. */
    private StagedStream.Outcome streamed(Path scratch, Path log, PendingObject out, StreamCompressor.Progress onProgress)
            throws IOException, InterruptedException {
        Process tool = new ProcessBuilder(MariaDbBackupTool.backupCommand(dataDir, scratch)).redirectError(log.toFile()).start();
        try {
            tool.getOutputStream().close();
            CompressingSink.Copied streamed = COMPRESSOR.copy(tool.getInputStream(), out, onProgress);
            if (!tool.waitFor(60, TimeUnit.SECONDS)) {
                throw new BackupException("mariadb-backup did not exit after its stream ended");
            }
            String text = Files.readString(log);
            boolean ok = tool.exitValue() == 0 && MariaDbBackupTool.completedOk(text);
            return new StagedStream.Outcome(tool.exitValue(), text, ok ? streamed : null);
        } finally {
            if (tool.isAlive()) {
                tool.destroyForcibly();
            }
        }
    }

    static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            FileTrees.deleteRecursively(dir);
        } catch (IOException | RuntimeException e) {
            // a scratch directory left behind is cleaned on the next start of the tablet
        }
    }
}
