package io.shardops.dataplane.mysqlctl;

import io.shardops.dataplane.files.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A tablet's files for its MariaDB server: the datadir copied from the {@link TemplateDataDir}, the init
 * file that creates the cluster's accounts (it holds their passwords, so it lives only while the server
 * starts), the tablet directory's owner and mode, and the PID file a previous run's server left.
 */
final class MysqldFiles {
    private final MysqldConfig config;

    MysqldFiles(MysqldConfig config) {
        this.config = config;
    }

    /** True when the datadir exists (a previous run's data is kept and reused). */
    boolean initialized() {
        return Files.isDirectory(config.dataDir().resolve("mysql"));
    }

    /** Creates the datadir from the template unless it exists already; returns how long the copy took. */
    Duration init(MariaDbInstallation installation) {
        if (initialized()) {
            return Duration.ZERO;
        }
        Path template = TemplateDataDir.ensure(installation);
        long t0 = System.nanoTime();
        Path tmp = config.tabletDir().resolve("data.tmp");
        try {
            Files.createDirectories(config.tabletDir());
            FileTrees.deleteRecursively(tmp);
            copyRecursively(template, tmp);
            Files.move(tmp, config.dataDir(), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new MysqldException("cannot create datadir " + config.dataDir() + " from template " + template + ": " + e.getMessage(), e);
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /**
     * Writes the init file (mode 0600) and the secure-file directory, and as root gives the tablet's
     * directory to the server's user, so neither the data nor the socket is open to other local users.
     *
     * @param accounts  the cluster's passwords; null for the template's server, which is only hardened
     */
    void prepare(MysqlAccounts accounts, Optional<String> osUser) {
        List<String> statements = accounts == null
                ? MysqlInitFile.hardening()
                : MysqlInitFile.statements(accounts, config.appDatabase(), config.network().accountHosts());
        Path init = config.initFile();
        try {
            Files.createDirectories(config.secureFileDir());
            Files.deleteIfExists(init);
            Files.createFile(init, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(init, MysqlInitFile.text(statements));
            if (osUser.isPresent()) {
                MysqlOsUser.handOver(config.tabletDir(), osUser.get());
            } else {
                Files.setPosixFilePermissions(config.tabletDir(), PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new MysqldException("cannot prepare " + config.tabletDir() + " for MariaDB: " + e.getMessage(), e);
        }
    }

    /** The init file holds the passwords: it lives only while the server starts. */
    void removeInitFile() {
        try {
            Files.deleteIfExists(config.initFile());
        } catch (IOException e) {
            // the file is 0600 and the server's own; a later start overwrites it
        }
    }

    /**
     * A mariadbd left running on this datadir by a process that died (the pid file names it, and its
     * command line names our datadir, so a recycled pid is not mistaken for it).
     */
    Optional<ProcessHandle> runningServerOnDataDir() {
        try {
            String pidText = Files.readString(config.pidFile()).strip();
            long pid = Long.parseLong(pidText);
            Optional<ProcessHandle> h = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (h.isEmpty()) {
                return Optional.empty();
            }
            Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
            String cmd = Files.exists(cmdline)
                    ? new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ')
                    : h.get().info().commandLine().orElse("");
            return cmd.contains("--datadir=" + config.dataDir()) ? h : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static void copyRecursively(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
