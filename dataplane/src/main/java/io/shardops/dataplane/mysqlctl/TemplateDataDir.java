package io.shardops.dataplane.mysqlctl;

import io.shardops.dataplane.files.FileTrees;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import io.shardops.dataplane.process.FreePorts;
import io.shardops.dataplane.process.LogTail;

/**
 * A MariaDB datadir made once per machine, user and MariaDB version with {@code mariadb-install-db},
 * hardened ({@link MysqlInitFile#hardening}: no anonymous account, root only over the socket as OS root)
 * and holding no password at all; every tablet's datadir is a copy of it, and each tablet's server gets
 * the cluster's accounts from its init file at start.
 *
 * <p>Kept under {@link #cacheDir()}. Building it is guarded by a
 * file lock so concurrent test JVMs do not race; it is built in a scratch directory and renamed into
 * place, so a half-built template is never used.
 */
public final class TemplateDataDir {
    /** Smaller than the 96M default so a copy is ~26 MB; every server must start with the same value. */
    static final String REDO_LOG_SIZE = "8M";
    /**
     * Bump when the template's content changes (accounts, options baked in), so old caches are not reused.
     * 2: no fixed passwords (format 1 held the shardops and shardops_app accounts with public passwords).
     */
    private static final int FORMAT = 2;
    private static final String COMPLETE_MARKER = ".shardops-template-complete";
    private static final Object JVM_LOCK = new Object();
    private static volatile Path ready;

    private TemplateDataDir() {}

    /** The cache directory holding templates: {@code $SHARDOPS_CACHE_DIR}, else /var/cache/shardops as root, else ~/.cache/shardops. */
    public static Path cacheDir() {
        String env = System.getenv("SHARDOPS_CACHE_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        if (MysqlOsUser.runningAsRoot()) {
            // the servers run as an unprivileged user, who must reach the template: not under root's 0700 home
            return Path.of("/var/cache/shardops");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "shardops");
    }

    /** The template datadir for {@code installation}, building it when missing. */
    public static Path ensure(MariaDbInstallation installation) {
        Path r = ready;
        if (r != null && Files.exists(r.getParent().resolve(COMPLETE_MARKER))) {
            return r;
        }
        synchronized (JVM_LOCK) {
            Path base = cacheDir();
            Path home = base.resolve("mariadb-template-" + installation.versionForFileName() + "-v" + FORMAT);
            Path data = home.resolve("data");
            try {
                Files.createDirectories(base);
                try (FileChannel ch = FileChannel.open(base.resolve("template.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock lock = ch.lock()) {
                    if (!Files.exists(home.resolve(COMPLETE_MARKER))) {
                        build(installation, base, home);
                    }
                }
            } catch (IOException e) {
                throw new MysqldException("cannot create the MariaDB template datadir under " + base + ": " + e.getMessage()
                        + "; check the directory is writable or set SHARDOPS_CACHE_DIR", e);
            }
            ready = data;
            return data;
        }
    }

    private static void build(MariaDbInstallation installation, Path base, Path home) throws IOException {
        Path scratch = base.resolve(home.getFileName() + ".building-" + ProcessHandle.current().pid());
        FileTrees.deleteRecursively(scratch);
        FileTrees.deleteRecursively(home);
        Path data = scratch.resolve("data");
        Files.createDirectories(scratch);
        Optional<String> osUser = MysqlOsUser.forServer();
        if (osUser.isPresent()) {
            // mariadb-install-db bootstraps as that user: it must reach and own the scratch dir
            MysqlOsUser.handOver(scratch, osUser.get());
        }
        installDb(installation, data, scratch.resolve("install-db.log"));
        harden(installation, scratch);
        for (String leftover : List.of("mysqld.err", "mysqld.pid", "install-db.log")) {
            Files.deleteIfExists(scratch.resolve(leftover));
        }
        Files.writeString(scratch.resolve(COMPLETE_MARKER), installation.version() + "\n");
        Files.move(scratch, home, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void installDb(MariaDbInstallation installation, Path data, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(installation.installDb().toString(), "--no-defaults",
                "--datadir=" + data, "--auth-root-authentication-method=socket", "--skip-test-db",
                "--innodb-log-file-size=" + REDO_LOG_SIZE));
        cmd.add(3, "--user=" + MysqlOsUser.forServer().orElse(System.getProperty("user.name")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new MysqldException("mariadb-install-db did not finish within 120 s", OptionalInt.empty(), LogTail.lastLines(log, 15), null);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new MysqldException("interrupted while running mariadb-install-db", e);
        }
        if (p.exitValue() != 0) {
            throw new MysqldException("mariadb-install-db failed", OptionalInt.of(p.exitValue()), LogTail.lastLines(log, 15), null);
        }
    }

    /**
     * Starts the fresh datadir once (no binlog, so the template holds no GTIDs); its init file removes
     * every account but root over the socket. Nothing logs in.
     */
    private static void harden(MariaDbInstallation installation, Path scratch) {
        MysqldConfig cfg = new MysqldConfig(1, scratch, FreePorts.one(), false, false, List.of(), null);
        Mysqld server = Mysqld.forTemplate(cfg, installation);
        try {
            server.start(Duration.ofSeconds(60));
        } finally {
            server.stop(Duration.ofSeconds(60));
        }
        try {
            FileTrees.deleteRecursively(cfg.secureFileDir());
        } catch (IOException e) {
            throw new MysqldException("cannot clean the template datadir: " + e.getMessage(), e);
        }
    }
}
