package io.shardops.dataplane.mysqlctl;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 * One tablet's MariaDB server: its process, started (or adopted, or waited for when another process
 * runs it) until it is ready, watched, and stopped. Its files and accounts are {@link MysqldFiles}',
 * JDBC to it is {@link MysqldJdbc}'s. Blocking: call from worker threads, never from an event loop.
 *
 * <p>A server that exits without {@link #stop} being called is reported as {@link MysqldHealth.Crashed}
 * with its exit code and the tail of its error log, and listeners registered with {@link #onCrash} hear of it.
 */
public final class Mysqld implements AutoCloseable {
    private static final int LOG_TAIL_LINES = 15;

    private final MysqldConfig config;
    private final MariaDbInstallation installation;
    /** The cluster's passwords; null only while building the template, which has no accounts but root. */
    private final MysqlAccounts accounts;
    private final List<Consumer<MysqldHealth.Crashed>> crashListeners = new CopyOnWriteArrayList<>();
    private final boolean outlivesJvm;
    /** Present when someone else runs the server (a sidecar): never started or stopped here. */
    private final ExternalMysqld external;
    private final MysqldFiles files;
    private final MysqldJdbc jdbc;
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
        this(config, installation, outlivesJvm, Objects.requireNonNull(accounts, "accounts"), null);
    }

    private Mysqld(MysqldConfig config, MariaDbInstallation installation, boolean outlivesJvm, MysqlAccounts accounts,
                   ExternalMysqld external) {
        this.config = config;
        this.installation = installation;
        this.outlivesJvm = outlivesJvm;
        this.accounts = accounts;
        this.external = external;
        this.files = new MysqldFiles(config);
        this.jdbc = new MysqldJdbc(external == null ? "127.0.0.1" : external.host(), config.port(), accounts);
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
        return files.initialized();
    }

    /**
     * Creates the datadir from the template unless it exists already.
     *
     * @return how long the copy took; zero when the datadir existed
     */
    public Duration init() {
        return files.init(installation);
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
        Optional<ProcessHandle> leftover = files.runningServerOnDataDir();
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
            files.removeInitFile();
        }
        return new StartReport(copy, Duration.ofNanos(System.nanoTime() - t0), adopted);
    }

    /** Waits until the external server accepts its privileged account, then prepares it. */
    private StartReport startExternal(Duration timeout) {
        long t0 = System.nanoTime();
        externalWarnings = MysqldReadiness.awaitExternal(external, config.serverId(), config.appDatabase(), timeout);
        return new StartReport(Duration.ZERO, Duration.ofNanos(System.nanoTime() - t0), true);
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
        files.prepare(accounts, osUser);
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
                c.awaitReady(jdbc::answersLogin, timeout);
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
        MysqldReadiness.awaitAdopted(process, jdbc, config.port(), timeout, this::logTail);
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
            return jdbc.probe(0);  // no process of ours: the pid is unknown (0), only whether it answers
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
        return jdbc.probe(p.pid());
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
        return jdbc.url(database);
    }

    /** A connection as the admin account (tablet manager, replication). */
    public Connection connectAdmin(String database) throws SQLException {
        return jdbc.admin(database, 5);
    }

    /** A connection as the query service's account. */
    public Connection connectApp(String database) throws SQLException {
        return jdbc.app(database);
    }

    /** The last lines of the error log (which also receives the server's stdout and stderr). */
    public List<String> logTail() {
        return LogTail.lastLines(config.errorLog(), LOG_TAIL_LINES);
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
