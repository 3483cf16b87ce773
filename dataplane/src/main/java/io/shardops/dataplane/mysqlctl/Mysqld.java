package io.shardops.dataplane.mysqlctl;

import io.shardops.dataplane.files.FileTrees;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import io.shardops.dataplane.process.ChildProcess;
import io.shardops.dataplane.process.LogTail;
import io.shardops.dataplane.process.ProcessSpec;
import io.shardops.dataplane.process.ProcessStartException;
import io.shardops.dataplane.process.ProcessStopper;

/**
 * One tablet's MariaDB server: its datadir (copied from the {@link TemplateDataDir}), its process,
 * and JDBC connections to it. Blocking: call from worker threads, never from an event loop.
 *
 * <p>A server that exits without {@link #stop} being called is reported as {@link MysqldHealth.Crashed}
 * with its exit code and the tail of its error log, and listeners registered with {@link #onCrash} hear of it.
 */
public final class Mysqld implements AutoCloseable {
    private static final int LOG_TAIL_LINES = 15;
    private static final Duration POLL = Duration.ofMillis(10);
    private static final int ER_ACCESS_DENIED = 1045;
    /** The template has no account for 127.0.0.1 at all: a login is refused with this before any password check. */
    private static final int ER_HOST_NOT_PRIVILEGED = 1130;

    private final MysqldConfig config;
    private final MariaDbInstallation installation;
    /** The cluster's passwords; null only while building the template, which has no accounts but root. */
    private final MysqlAccounts accounts;
    private final List<Consumer<MysqldHealth.Crashed>> crashListeners = new CopyOnWriteArrayList<>();
    private final boolean outlivesJvm;
    /** Present when someone else runs the server (a sidecar): never started or stopped here. */
    private final ExternalMysqld external;
    private volatile ProcessHandle process;
    /** Present only when this JVM started the server (an adopted server's exit code is unknowable). */
    private volatile ChildProcess child;
    private volatile boolean stopping;
    private volatile MysqldHealth.Crashed crashed;

    /**
     * @param outlivesJvm  false: the server is stopped when this JVM exits (tests, a foreground cluster);
     *                     true: it runs on in a session of its own, to be stopped through its PID file
     */
    public Mysqld(MysqldConfig config, MariaDbInstallation installation, boolean outlivesJvm, MysqlAccounts accounts) {
        this(config, installation, outlivesJvm, java.util.Objects.requireNonNull(accounts, "accounts"), null);
    }

    private Mysqld(MysqldConfig config, MariaDbInstallation installation, boolean outlivesJvm, MysqlAccounts accounts,
                   ExternalMysqld external) {
        this.config = config;
        this.installation = installation;
        this.outlivesJvm = outlivesJvm;
        this.accounts = accounts;
        this.external = external;
    }

    /** The template's server: hardened at start, no accounts but root over the socket. */
    static Mysqld forTemplate(MysqldConfig config, MariaDbInstallation installation) {
        return new Mysqld(config, installation, false, null, null);
    }

    /**
     * A server another process runs at {@code server}: {@link #start} waits for it and prepares it
     * ({@link ExternalMysqld#prepare}), {@link #stop} leaves it running. {@code config} gives the
     * server id and where the tablet keeps its own files; its port must be the server's.
     */
    public static Mysqld external(MysqldConfig config, ExternalMysqld server) {
        if (config.port() != server.port()) {
            throw new IllegalArgumentException("config port " + config.port() + " is not the server's port " + server.port());
        }
        return new Mysqld(config, null, false, server.accounts(), server);
    }

    /** The passwords of this server's accounts. */
    public MysqlAccounts accounts() {
        return accounts;
    }

    /** The server someone else runs, when this is one. */
    public Optional<ExternalMysqld> externalServer() {
        return Optional.ofNullable(external);
    }

    /** Where the server listens: 127.0.0.1 for a server this JVM runs. */
    public String host() {
        return external == null ? "127.0.0.1" : external.host();
    }

    /** A server stopped when this JVM exits, with accounts of fresh random passwords ({@link #accounts}). */
    public Mysqld(MysqldConfig config) {
        this(config, MariaDbInstallation.detect(), false, MysqlAccounts.generate());
    }

    /** A server stopped when this JVM exits, with the given accounts. */
    public Mysqld(MysqldConfig config, MysqlAccounts accounts) {
        this(config, MariaDbInstallation.detect(), false, accounts);
    }

    /** The process name used in messages and PID files: {@code mysqld-<server id>}. */
    public String processName() {
        return "mysqld-" + config.serverId();
    }

    /** The child process, when this JVM started the server (not when it adopted one). */
    public Optional<ChildProcess> childProcess() {
        return Optional.ofNullable(child);
    }

    public MysqldConfig config() {
        return config;
    }

    public int port() {
        return config.port();
    }

    /** True when the datadir exists (a previous run's data is kept and reused). */
    public boolean initialized() {
        return Files.isDirectory(config.dataDir().resolve("mysql"));
    }

    /**
     * Creates the datadir from the template unless it exists already.
     *
     * @return how long the copy took; zero when the datadir existed
     */
    public Duration init() {
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
     * Initialises the datadir when needed, starts the server and waits until it answers a query.
     * A server already running on this datadir (left by a previous process) is adopted, not restarted.
     *
     * @throws MysqldException when the server exits during start-up or does not answer within {@code timeout};
     *                         the message carries the exit code and the tail of the error log
     */
    public StartReport start(Duration timeout) {
        if (external != null) {
            return startExternal(timeout);
        }
        if (isRunning()) {
            return new StartReport(Duration.ZERO, Duration.ZERO, true);
        }
        Duration copy = init();
        long t0 = System.nanoTime();
        Optional<ProcessHandle> leftover = runningServerOnDataDir();
        boolean adopted = leftover.isPresent();
        crashed = null;
        stopping = false;
        if (adopted) {
            process = leftover.get();
            child = null;
        } else {
            launch();
        }
        watchForExit(process);
        try {
            awaitReady(timeout);
        } finally {
            removeInitFile();
        }
        return new StartReport(copy, Duration.ofNanos(System.nanoTime() - t0), adopted);
    }

    /** Waits until the external server accepts its privileged account, then prepares it. */
    private StartReport startExternal(Duration timeout) {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try {
                externalWarnings = List.copyOf(external.prepare(config.serverId(), config.appDatabase()));
                return new StartReport(Duration.ZERO, Duration.ofNanos(System.nanoTime() - t0), true);
            } catch (SQLException e) {
                last = e;
                sleep(Duration.ofMillis(250));
            }
        }
        throw new MysqldException("mysqld at " + external.host() + ":" + external.port() + " did not accept user '" + external.user()
                + "' within " + timeout.toSeconds() + " s" + (last == null ? "" : ": " + last.getMessage()), last);
    }

    private volatile List<String> externalWarnings = List.of();

    /** What {@link ExternalMysqld#prepare} could not set (binary log off, ...); empty for a server this JVM runs. */
    public List<String> externalWarnings() {
        return externalWarnings;
    }

    /** Start with a default 30 second timeout. */
    public StartReport start() {
        return start(Duration.ofSeconds(30));
    }

    private void launch() {
        Optional<String> osUser = MysqlOsUser.forServer();
        prepareFiles(osUser);
        List<String> cmd = new ArrayList<>();
        cmd.add(installation.mariadbd().toString());
        cmd.addAll(config.serverArgs(osUser));
        ProcessSpec spec = ProcessSpec.of(processName(), config.errorLog(), cmd);
        if (outlivesJvm) {
            spec = spec.detached();
        }
        try {
            Files.deleteIfExists(config.pidFile());
            ChildProcess p = ChildProcess.start(spec);
            child = p;
            process = p.handle();
        } catch (IOException e) {
            throw new MysqldException("cannot start " + installation.mariadbd() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the init file (mode 0600) and the secure-file directory, and as root gives the tablet's
     * directory to the server's user, so neither the data nor the socket is open to other local users.
     */
    private void prepareFiles(Optional<String> osUser) {
        List<String> statements = accounts == null
                ? MysqlInitFile.hardening()
                : MysqlInitFile.statements(accounts, config.appDatabase(), MysqlInitFile.LOCAL_HOSTS);
        Path init = config.initFile();
        try {
            Files.createDirectories(config.secureFileDir());
            Files.deleteIfExists(init);
            Files.createFile(init, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.writeString(init, MysqlInitFile.text(statements));
            if (osUser.isPresent()) {
                MysqlOsUser.handOver(config.tabletDir(), osUser.get());
            } else {
                Files.setPosixFilePermissions(config.tabletDir(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new MysqldException("cannot prepare " + config.tabletDir() + " for MariaDB: " + e.getMessage(), e);
        }
    }

    /** The init file holds the passwords: it lives only while the server starts. */
    private void removeInitFile() {
        try {
            Files.deleteIfExists(config.initFile());
        } catch (IOException e) {
            // the file is 0600 and the server's own; a later start overwrites it
        }
    }

    private void watchForExit(ProcessHandle handle) {
        ChildProcess c = child;
        handle.onExit().thenRun(() -> {
            if (stopping || process != handle) {
                return;
            }
            OptionalInt code = OptionalInt.empty();
            if (c != null) {
                Optional<Integer> exit = c.exitCode();
                if (exit.isPresent()) {
                    code = OptionalInt.of(exit.get());
                }
            }
            MysqldHealth.Crashed report = new MysqldHealth.Crashed(handle.pid(), code, logTail());
            crashed = report;
            for (Consumer<MysqldHealth.Crashed> l : crashListeners) {
                l.accept(report);
            }
        });
    }

    private void awaitReady(Duration timeout) {
        ChildProcess c = child;
        if (c != null) {
            try {
                c.awaitReady(this::answers, timeout);
                return;
            } catch (ProcessStartException e) {
                stopping = true;
                throw new MysqldException("MariaDB for server id " + config.serverId() + " on port " + config.port()
                        + (e.exitCode().isPresent() ? " exited during start-up" : " did not answer within " + timeout.toMillis() + " ms"),
                        e.exitCode(), e.logTail(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopQuietly();
                throw new MysqldException("interrupted while waiting for MariaDB", e);
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new MysqldException("adopted MariaDB on port " + config.port() + " exited", OptionalInt.empty(), logTail(), null);
            }
            if (answers()) {
                return;
            }
            sleep(POLL);
        }
        throw new MysqldException("adopted MariaDB on port " + config.port() + " did not answer within " + timeout.toMillis() + " ms",
                OptionalInt.empty(), logTail(), null);
    }

    /** Ready once the server answers a login, even with a refusal (the template has no account but root). */
    private boolean answers() {
        try (Connection c = connectAdmin(null, 1)) {
            return true;
        } catch (SQLException e) {
            return e.getErrorCode() == ER_ACCESS_DENIED || e.getErrorCode() == ER_HOST_NOT_PRIVILEGED;
        }
    }

    /** True when the server process is alive. */
    public boolean isRunning() {
        if (external != null) {
            return health() instanceof MysqldHealth.Running;
        }
        ProcessHandle p = process;
        return p != null && p.isAlive();
    }

    /** The server's process id, while it runs. */
    public OptionalLong pid() {
        ProcessHandle p = process;
        return p != null && p.isAlive() ? OptionalLong.of(p.pid()) : OptionalLong.empty();
    }

    /** The server's state; a crash stays reported until the next {@link #start}. */
    public MysqldHealth health() {
        if (external != null) {
            // no process of ours: the pid is unknown (0), only whether it answers
            try (Connection conn = connectAdmin(null, 2); Statement st = conn.createStatement()) {
                st.execute("SELECT 1");
                return new MysqldHealth.Running(0);
            } catch (SQLException e) {
                return new MysqldHealth.Unreachable(0, e.getMessage());
            }
        }
        MysqldHealth.Crashed c = crashed;
        if (c != null) {
            return c;
        }
        ProcessHandle p = process;
        if (p == null) {
            return new MysqldHealth.NotStarted();
        }
        if (!p.isAlive()) {
            return new MysqldHealth.Stopped();
        }
        try (Connection conn = connectAdmin(null, 2); Statement st = conn.createStatement()) {
            st.execute("SELECT 1");
            return new MysqldHealth.Running(p.pid());
        } catch (SQLException e) {
            return new MysqldHealth.Unreachable(p.pid(), e.getMessage());
        }
    }

    /** Called (on some background thread) when the server exits without {@link #stop}. */
    public void onCrash(Consumer<MysqldHealth.Crashed> listener) {
        crashListeners.add(listener);
    }

    /**
     * Stops the server: SIGTERM (a clean InnoDB shutdown), then SIGKILL after {@code timeout}.
     * Does nothing when it is not running.
     */
    public void stop(Duration timeout) {
        if (external != null) {
            return;
        }
        ProcessHandle p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        stopping = true;
        ChildProcess c = child;
        if (c != null) {
            c.stop(timeout);
        } else {
            ProcessStopper.stop(p, timeout);
        }
    }

    public void stop() {
        stop(Duration.ofSeconds(30));
    }

    /** SIGKILL, as a crash would: for fault tests. The exit is reported as a crash. */
    public void kill() {
        if (external != null) {
            return;
        }
        ProcessHandle p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            awaitExit(p, Duration.ofSeconds(10));
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void stopQuietly() {
        try {
            stop(Duration.ofSeconds(5));
        } catch (RuntimeException ignored) {
            // already reporting the original failure
        }
    }

    private static void awaitExit(ProcessHandle p, Duration timeout) {
        try {
            p.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** JDBC URL for {@code user}, default schema {@code database} (null: none). */
    public String jdbcUrl(String database) {
        return "jdbc:mysql://" + host() + ":" + config.port() + "/" + (database == null ? "" : database)
                + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&useUnicode=true&characterEncoding=UTF-8"
                + "&connectTimeout=5000&socketTimeout=0&tcpKeepAlive=true&serverTimezone=UTC";
    }

    /** A connection as the admin account (tablet manager, replication). */
    public Connection connectAdmin(String database) throws SQLException {
        return connectAdmin(database, 5);
    }

    private Connection connectAdmin(String database, int timeoutSeconds) throws SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", MysqlAccounts.ADMIN_USER);
        props.setProperty("password", accounts == null ? "" : accounts.adminPassword());
        props.setProperty("connectTimeout", String.valueOf(timeoutSeconds * 1000));
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    /** A connection as the query service's account. */
    public Connection connectApp(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), MysqlAccounts.APP_USER, accounts.appPassword());
    }

    /** The last lines of the error log (which also receives the server's stdout and stderr). */
    public List<String> logTail() {
        return LogTail.lastLines(config.errorLog(), LOG_TAIL_LINES);
    }

    /**
     * A mariadbd left running on this datadir by a process that died (the pid file names it, and its
     * command line names our datadir, so a recycled pid is not mistaken for it).
     */
    private Optional<ProcessHandle> runningServerOnDataDir() {
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

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MysqldException("interrupted while waiting for MariaDB", e);
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


    /**
     * What a start cost.
     *
     * @param copy     copying the template datadir (zero when the datadir existed)
     * @param start    launching the server until it answered a query
     * @param adopted  a server left running on this datadir was adopted instead of started
     */
    public record StartReport(Duration copy, Duration start, boolean adopted) {}
}
