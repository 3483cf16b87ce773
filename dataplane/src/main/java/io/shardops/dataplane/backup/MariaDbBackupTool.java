package io.shardops.dataplane.backup;

import io.shardops.dataplane.mysqlctl.MariaDbInstallation;
import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.dataplane.mysqlctl.MysqlOsUser;
import io.shardops.dataplane.mysqlctl.MysqldConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MariaDB's physical backup tool, {@code mariadb-backup} (Debian package {@code mariadb-backup}, the server's
 * version), and its stream unpacker {@code mbstream}. Every run is as the tablet's server user
 * ({@link MysqlOsUser}): when shardops runs as root the tool is started through {@code setpriv} as
 * {@value MysqlOsUser#NAME}, so it reads the datadir with the server's own rights and never as root. The admin
 * password reaches the tool in an option file (mode 0600, in a scratch directory only that user can enter), not on
 * the command line where {@code ps} would show it.
 */
public final class MariaDbBackupTool {
    private static final Pattern GTID = Pattern.compile("GTID of the last change '([0-9,\\-]*)'");
    private static volatile String version;

    private MariaDbBackupTool() {}

    public static Path binary() {
        return MariaDbInstallation.find("SHARDOPS_MARIADB_BACKUP", "mariadb-backup", "mariabackup");
    }

    public static Path mbstream() {
        return MariaDbInstallation.find("SHARDOPS_MBSTREAM", "mbstream");
    }

    /** {@code mariadb-backup 10.11.19-MariaDB}: recorded in every manifest. */
    public static String version() {
        String v = version;
        if (v == null) {
            try {
                Process p = new ProcessBuilder(binary().toString(), "--version").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(10, TimeUnit.SECONDS);
                Matcher m = Pattern.compile("server (\\S+)").matcher(out);
                v = "mariadb-backup " + (m.find() ? m.group(1) : out.strip());
            } catch (IOException e) {
                throw new BackupException("cannot run " + binary() + " --version: " + e.getMessage()
                        + "; install it (Debian: apt-get install -y mariadb-backup)", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackupException("interrupted reading the mariadb-backup version", e);
            }
            version = v;
        }
        return v;
    }

    /**
     * A scratch directory for one run under the tablet's directory, owned by the server user (0700), holding the
     * option file with the admin credential.
     */
    public static Path scratch(MysqldConfig config, MysqlAccounts accounts, String purpose) throws IOException {
        Path dir = config.tabletDir().resolve(purpose + "-" + UUID.randomUUID().toString().substring(0, 8));
        Files.createDirectories(config.tabletDir()); // a new tablet restored before its first start has none yet
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path options = dir.resolve("client.cnf");
        Files.createFile(options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(options, "[client]\nuser=" + MysqlAccounts.ADMIN_USER + "\npassword=" + accounts.adminPassword()
                + "\nhost=127.0.0.1\nport=" + config.port() + "\n");
        Files.createDirectory(dir.resolve("tmp"));
        Optional<String> user = serverUser();
        if (user.isPresent()) {
            MysqlOsUser.handOver(dir, user.get());
        }
        return dir;
    }

    /** The user the tool runs as: the server's user when shardops is root, else the current user. */
    static Optional<String> serverUser() {
        return MysqlOsUser.runningAsRoot() ? MysqlOsUser.forServer() : Optional.empty();
    }

    /** {@code command} run as the server's user. */
    static List<String> asServerUser(List<String> command) {
        Optional<String> user = serverUser();
        if (user.isEmpty()) {
            return command;
        }
        List<String> c = new ArrayList<>(List.of("setpriv", "--reuid=" + user.get(), "--regid=" + user.get(),
                "--init-groups", "--reset-env", "--"));
        c.addAll(command);
        return List.copyOf(c);
    }

    /** {@code mariadb-backup --backup --stream=xbstream} of the tablet's server, the stream on stdout. */
    public static List<String> backupCommand(MysqldConfig config, Path scratch) {
        return backupCommand(config.dataDir(), scratch);
    }

    /**
     * The same for a server whose datadir is {@code dataDir}: a Kubernetes tablet reads its mysqld container's data
     * volume, mounted read-only into its own container (the tool only reads the datadir; it writes to its scratch).
     */
    public static List<String> backupCommand(Path dataDir, Path scratch) {
        return asServerUser(List.of(binary().toString(), "--defaults-file=" + scratch.resolve("client.cnf"),
                "--backup", "--stream=xbstream", "--datadir=" + dataDir,
                "--target-dir=" + scratch.resolve("tmp"), "--tmpdir=" + scratch.resolve("tmp")));
    }

    /** {@code mbstream -x} into {@code dir}, the stream on stdin. */
    public static List<String> extractCommand(Path dir) {
        return asServerUser(List.of(mbstream().toString(), "-x", "-C", dir.toString()));
    }

    /** {@code mariadb-backup --prepare}: makes an unpacked backup consistent (applies its redo log). */
    public static List<String> prepareCommand(Path dir) {
        return asServerUser(List.of(binary().toString(), "--no-defaults", "--prepare", "--target-dir=" + dir));
    }

    /** {@code mariadb-backup --copy-back}: moves a prepared backup into an empty datadir. */
    public static List<String> moveBackCommand(Path dir, Path dataDir) {
        return asServerUser(List.of(binary().toString(), "--no-defaults", "--move-back", "--target-dir=" + dir,
                "--datadir=" + dataDir));
    }

    /** {@code mariadb-backup --backup} into a directory, no stream, no compression: the baseline of {@code bench backup}. */
    public static List<String> directBackupCommand(MysqldConfig config, Path scratch, Path targetDir) {
        return asServerUser(List.of(binary().toString(), "--defaults-file=" + scratch.resolve("client.cnf"),
                "--backup", "--datadir=" + config.dataDir(), "--target-dir=" + targetDir));
    }

    /** {@code mariadb-backup --copy-back}: copies a prepared backup into an empty datadir (the direct restore). */
    public static List<String> copyBackCommand(Path dir, Path dataDir) {
        return asServerUser(List.of(binary().toString(), "--no-defaults", "--copy-back", "--target-dir=" + dir,
                "--datadir=" + dataDir));
    }

    /** The GTID position of the backed-up data, from the tool's log; empty when the server had written none. */
    static String gtidFromLog(String log) {
        Matcher m = GTID.matcher(log);
        String last = "";
        while (m.find()) {
            last = m.group(1);
        }
        return last;
    }

    /** Whether the tool's log ends with its success line. */
    static boolean completedOk(String log) {
        return log.contains("completed OK!");
    }

    /** The last lines of a log, for an error message. */
    static String tail(String log, int lines) {
        String[] all = log.strip().split("\n");
        return String.join("\n", Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    /** The program name of a command, skipping the {@code setpriv ... --} prefix. */
    static String program(List<String> command) {
        int dashes = command.indexOf("--");
        String p = command.get(dashes < 0 ? 0 : dashes + 1);
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /** Runs a command to its end (stdout and stderr into {@code log}); a {@link BackupException} with the log tail on failure. */
    public static void run(List<String> command, Path log, Path stdin, long timeoutSeconds) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            if (stdin != null) {
                pb.redirectInput(stdin.toFile());
            }
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BackupException(program(command) + " did not finish within " + timeoutSeconds + " s");
            }
            if (p.exitValue() != 0) {
                throw new BackupException(program(command) + " failed (exit " + p.exitValue() + "):\n" + tail(Files.readString(log), 8));
            }
        } catch (IOException e) {
            throw new BackupException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException("interrupted running " + command.get(0), e);
        }
    }
}
