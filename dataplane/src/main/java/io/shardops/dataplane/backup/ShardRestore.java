package io.shardops.dataplane.backup;

import com.github.luben.zstd.ZstdInputStream;
import io.shardops.dataplane.files.FileTrees;
import io.shardops.dataplane.mysqlctl.MysqlOsUser;
import io.shardops.dataplane.mysqlctl.Mysqld;
import io.shardops.dataplane.mysqlctl.MysqldConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * Restores a backup into a tablet's MariaDB: the data object is read, its SHA-256 checked against the manifest
 * while it is gunzipped into {@code mbstream -x}, {@code mariadb-backup --prepare} makes it consistent, the server
 * stops, {@code --move-back} fills its emptied datadir, the server starts, and {@code gtid_slave_pos} is set to the
 * backup's position so replication from the primary continues right after the backup's last transaction.
 * A backup whose bytes do not match its manifest fails before anything of the server is touched.
 */
public final class ShardRestore {
    private static final long TOOL_TIMEOUT_SECONDS = 3600;

    private ShardRestore() {}

    /** What a restore did, for progress lines and the bench. */
    public record Result(String backup, String gtidPosition, Duration fetch, Duration prepare, Duration moveBack) {}

    /**
     * Unpacks and prepares {@code manifest}'s backup into {@code target} (created, owned by the server user),
     * checking its checksum; returns how long the fetch took.
     */
    public static Duration unpack(BackupCatalog catalog, BackupManifest manifest, Path target, Path log) {
        long t0 = System.nanoTime();
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        Process extract = null;
        try {
            extract = new ProcessBuilder(MariaDbBackupTool.extractCommand(target)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            String readFailure = null;
            try (InputStream stored = catalog.openData(manifest);
                 DigestInputStream hashed = new DigestInputStream(stored, sha)) {
                try (OutputStream toTool = extract.getOutputStream()) {
                    InputStream raw = switch (manifest.compression()) {
                        case "zstd" -> new ZstdInputStream(hashed);
                        case "gzip" -> new GZIPInputStream(hashed, 256 * 1024);
                        default -> hashed;
                    };
                    raw.transferTo(toTool);
                } catch (IOException e) {
                    // bad gzip, or mbstream refused the stream: the checksum below says whether the backup is corrupt
                    readFailure = e.getMessage();
                }
                hashed.transferTo(OutputStream.nullOutputStream());
            }
            if (!extract.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new BackupException("mbstream did not finish unpacking backup " + manifest.name());
            }
            String actual = HexFormat.of().formatHex(sha.digest());
            if (!actual.equals(manifest.sha256())) {
                throw corrupt(manifest, "its data's SHA-256 is " + actual + ", the manifest says " + manifest.sha256());
            }
            if (readFailure != null || extract.exitValue() != 0) {
                throw corrupt(manifest, "its checksum matches but it does not unpack (" + (readFailure != null ? readFailure
                        : "mbstream exit " + extract.exitValue()) + "):\n" + MariaDbBackupTool.tail(Files.readString(log), 5));
            }
            return Duration.ofNanos(System.nanoTime() - t0);
        } catch (IOException e) {
            throw new BackupException("restore of backup " + manifest.name() + " from " + catalog.location().describe()
                    + " failed reading it: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException("restore interrupted", e);
        } finally {
            if (extract != null && extract.isAlive()) {
                extract.destroyForcibly();
            }
        }
    }

    private static BackupException corrupt(BackupManifest m, String why) {
        return new BackupException("backup " + m.keyspace() + "/" + m.shard() + " " + m.name() + " is CORRUPT: " + why
                + "; do not restore from it. Take a new backup (shardops backup " + m.keyspace() + "/" + m.shard() + ")");
    }

    /**
     * Replaces {@code mysqld}'s data with the backup and starts it again at the backup's GTID position.
     * The server must be one no client uses yet (a new tablet): its data is thrown away.
     */
    public static Result restoreInto(Mysqld mysqld, BackupCatalog catalog, BackupManifest manifest) {
        MysqldConfig config = mysqld.config();
        Path scratch = null;
        try {
            scratch = MariaDbBackupTool.scratch(config, mysqld.accounts(), "restore");
            Path target = scratch.resolve("tmp");
            Duration fetch = unpack(catalog, manifest, target, scratch.resolve("mbstream.log"));
            long t1 = System.nanoTime();
            MariaDbBackupTool.run(MariaDbBackupTool.prepareCommand(target), scratch.resolve("prepare.log"), null, TOOL_TIMEOUT_SECONDS);
            Duration prepare = Duration.ofNanos(System.nanoTime() - t1);
            long t2 = System.nanoTime();
            if (mysqld.isRunning()) {
                mysqld.stop(Duration.ofSeconds(60));
            }
            Path dataDir = config.dataDir();
            if (Files.exists(dataDir)) {
                FileTrees.deleteRecursively(dataDir);
            }
            Files.createDirectory(dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Optional<String> user = MariaDbBackupTool.serverUser();
            if (user.isPresent()) {
                MysqlOsUser.handOver(dataDir, user.get());
            }
            MariaDbBackupTool.run(MariaDbBackupTool.moveBackCommand(target, dataDir), scratch.resolve("move-back.log"), null,
                    TOOL_TIMEOUT_SECONDS);
            mysqld.start(Duration.ofSeconds(120));
            setSlavePosition(mysqld, manifest.gtidPosition());
            return new Result(manifest.name(), manifest.gtidPosition(), fetch, prepare, Duration.ofNanos(System.nanoTime() - t2));
        } catch (IOException e) {
            throw new BackupException("restore of backup " + manifest.name() + " into " + config.dataDir() + " failed: " + e.getMessage(), e);
        } finally {
            ShardBackup.deleteQuietly(scratch);
        }
    }

    /** The restored server replicates from the primary starting after the backup's last transaction. */
    static void setSlavePosition(Mysqld mysqld, String gtid) {
        try (Connection c = mysqld.connectAdmin(null)) {
            try (var st = c.createStatement()) {
                st.execute("STOP SLAVE");
                st.execute("RESET SLAVE ALL");
            }
            try (PreparedStatement ps = c.prepareStatement("SET GLOBAL gtid_slave_pos = ?")) {
                ps.setString(1, gtid);
                ps.execute();
            }
        } catch (SQLException e) {
            throw new BackupException("restored server on port " + mysqld.port() + ": cannot set gtid_slave_pos to '" + gtid
                    + "': " + e.getMessage(), e);
        }
    }
}
