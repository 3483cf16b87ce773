package io.shardops.reconciler.cli;

import io.shardops.dataplane.credentials.BearerToken;
import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.dataplane.net.EventLoops;
import io.shardops.dataplane.mysqlctl.ExternalMysqld;
import io.shardops.dataplane.mysqlctl.MysqldException;
import io.shardops.dataplane.tablet.query.ServingState;
import io.shardops.dataplane.tablet.Tablet;
import io.shardops.dataplane.tablet.TabletAlias;
import io.shardops.dataplane.tablet.TabletIdentity;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.TabletState;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.topo.EtcdCredentials;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.reconciler.topo.EtcdTopologySource;
import io.shardops.reconciler.topo.TopoException;
import io.shardops.reconciler.topo.TopologyWriter;
import io.shardops.spec.TabletType;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code shardops tablet}: one tablet as a process of its own, over a MariaDB someone else runs (the
 * mysqld container of its Kubernetes pod). Registers its record in the topology and keeps it current;
 * SIGTERM stops it and removes the record, and leaves the MariaDB running.
 */
@Command(name = "tablet", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Run one tablet over an already running MariaDB (the tablet container of a Kubernetes pod).",
            "Serves MySQL protocol on --query-port and the tablet manager, with GET /healthz, on --port."})
public final class TabletCommand implements Callable<Integer> {
    static final int DEFAULT_QUERY_PORT = 15991;
    private static final long START_TIMEOUT_SECONDS = 120;
    private static final long RETRY_SECONDS = 5;
    private static final Duration MYSQLD_WATCH_EVERY = Duration.ofMillis(500);

    @Mixin
    TopologyOptions topo = new TopologyOptions();

    @Option(names = "--cell", required = true, paramLabel = "CELL", description = "The cell the tablet belongs to; with --uid it makes the tablet's alias, e.g. zone1-0000000100.")
    String cell;

    @Option(names = "--keyspace", required = true, paramLabel = "KS", description = "The keyspace of the tablet's shard.")
    String keyspace;

    @Option(names = "--shard", paramLabel = "SHARD", required = true, description = "The shard, e.g. 0, -80, 80-.")
    String shard;

    @Option(names = "--type", paramLabel = "TYPE", required = true, description = "The pool's tablet type: replica or rdonly.")
    String type;

    @Option(names = "--uid", paramLabel = "N", required = true, description = "The tablet uid, unique in the cell (also MariaDB's server_id).")
    int uid;

    @Option(names = "--mysql-host", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "The MariaDB to use (default: ${DEFAULT-VALUE}).")
    String mysqlHost;

    @Option(names = "--mysql-port", paramLabel = "PORT", defaultValue = "3306", description = "Its port (default: ${DEFAULT-VALUE}).")
    int mysqlPort;

    @Option(names = "--mysql-user", paramLabel = "USER", defaultValue = "root", description = "An account with every privilege, to create the tablet's accounts (default: ${DEFAULT-VALUE}).")
    String mysqlUser;

    @Option(names = "--mysql-password", paramLabel = "PASSWORD", defaultValue = "${env:SHARDOPS_MYSQL_PASSWORD}",
            description = "That account's password (default: $SHARDOPS_MYSQL_PASSWORD, else none).")
    String mysqlPassword;

    @Option(names = "--mysql-datadir", paramLabel = "DIR",
            description = "The MariaDB's datadir as this process can read it (on Kubernetes its data volume, mounted read-only): with it"
                    + " the tablet takes backups (mariadb-backup reads the files); without it backups are refused.")
    Path mysqlDataDir;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "15000", description = "Tablet manager HTTP port, with GET /healthz (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--query-port", paramLabel = "PORT", defaultValue = "" + DEFAULT_QUERY_PORT, description = "MySQL-protocol port gateways connect to (default: ${DEFAULT-VALUE}).")
    int queryPort;

    @Option(names = "--listen", paramLabel = "HOST", defaultValue = "0.0.0.0", description = "Address both ports bind (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--hostname", paramLabel = "HOST", description = "The name gateways and other tablets reach this tablet and its MariaDB by (default: this machine's host name).")
    String hostname;

    @Option(names = "--tablet-dir", paramLabel = "DIR", description = "Where the tablet keeps its own small files (default: a directory under java.io.tmpdir).")
    Path tabletDir;

    @Override
    public Integer call() throws Exception {
        Running r = start(System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(r::close, "shardops-tablet-stop"));
        r.awaitClose();
        // its MariaDB restarted: a non-zero exit has the container started again, and the start asks the topology
        return r.mysqldRestarted ? 1 : 0;
    }

    /** Starts the tablet, registers it, prints one line; the returned handle stops it. */
    Running start(PrintStream out) throws Exception {
        TabletType poolType = TabletType.fromWord(type)
                .filter(t -> t == TabletType.REPLICA || t == TabletType.RDONLY)
                .orElseThrow(() -> new UserException("--type must be replica or rdonly, got '" + type + "'", 2));
        String alias = TabletRecord.alias(cell, uid);
        String host = hostname != null ? hostname : InetAddress.getLocalHost().getHostName();
        Path dir = tabletDir != null ? tabletDir : Path.of(System.getProperty("java.io.tmpdir"), "shardops-tablet-" + alias);
        TabletIdentity identity = TabletIdentity.of(new TabletAlias(cell, uid), keyspace, shard);
        ClusterCredentials secrets = topo.credentials.read().orElseThrow(() -> new UserException(
                "--credentials FILE (or $SHARDOPS_CREDENTIALS) is required: the cluster's credentials, e.g. its Secret mounted as a file", 2));
        EtcdTopoStore store;
        try {
            store = EtcdTopoStore.connect(topo.endpoints, Optional.of(EtcdCredentials.of(secrets)));
        } catch (IllegalArgumentException e) {
            throw new UserException("--topo: " + e.getMessage(), 2);
        }
        TopologyWriter writer = new TopologyWriter(store, topo.cluster);
        Vertx vertx = EventLoops.startBesideMysqld();
        Running running = new Running(alias, vertx, store, writer, out);
        try {
            // a tablet that was its shard's primary before this process restarted is made primary again (a
            // restart loses its serving state): the shard record names the primary; without one, its own record
            Topology topology = new EtcdTopologySource(store).read(topo.cluster);
            boolean wasPrimary = topology.shard(keyspace, shard).filter(s -> s.primaryAlias() != null)
                    .map(s -> s.primaryAlias().equals(alias))
                    .orElseGet(() -> topology.tablets().values().stream()
                            .anyMatch(t -> t.alias().equals(alias) && t.type() == TabletType.PRIMARY));
            TabletType previous = wasPrimary ? TabletType.PRIMARY : poolType;
            running.record.set(new TabletRecord(alias, cell, uid, keyspace, shard, previous, host, queryPort, port, mysqlPort, TabletState.STARTING));
            running.register();
            Tablet.Config config = new Tablet.Config(identity, poolType, dir, listen, mysqlPort, queryPort, port, false,
                    new ExternalMysqld(mysqlHost, mysqlPort, mysqlUser, mysqlPassword, secrets.mysqlAccounts(), mysqlDataDir),
                    secrets.mysqlAccounts(), new BearerToken(secrets.controlToken()));
            Tablet tablet = Tablet.start(vertx, config).toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            running.tablet = tablet;
            // ports given as 0 ("any free port") are known only now
            running.record.updateAndGet(r -> new TabletRecord(r.alias(), r.cell(), r.uid(), r.keyspace(), r.shard(), r.type(), r.hostname(),
                    tablet.queryPort(), tablet.httpPort(), r.mysqlPort(), r.state()));
            tablet.mysqld().externalWarnings().forEach(w -> out.println(Instant.now() + " tablet " + alias + ": warning: " + w));
            if (previous == TabletType.PRIMARY && tablet.serving().get().type() != TabletType.PRIMARY) {
                tablet.manager().initPrimary();
            }
            tablet.serving().onChange(running::servingChanged);
            running.servingChanged(tablet.serving().get());
            running.startRefresh();
            running.watchMysqld(mysqlHost, mysqlPort, mysqlUser, mysqlPassword);
            ServingState s = tablet.serving().get();
            out.println(Instant.now() + " tablet " + alias + " (" + keyspace + "/" + shard + " " + s.type().word() + ") "
                    + (s.serving() ? "serving" : "ready") + ": MySQL protocol on " + listen + ":" + tablet.queryPort()
                    + ", manager http://" + host + ":" + tablet.httpPort() + ", mysqld " + mysqlHost + ":" + mysqlPort
                    + ", network I/O " + EventLoops.describe(vertx));
            out.flush();
            return running;
        } catch (Exception e) {
            running.close();
            throw new UserException("tablet " + alias + " did not start: " + rootMessage(e), 1);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException
                || (t.getMessage() == null && t.getCause() != null)) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof MysqldException || t instanceof TopoException || t instanceof UserException) {
            return t.getMessage();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** A started tablet: its record is put again after each serving change, and retried until etcd takes it. */
    static final class Running implements AutoCloseable {
        private final String alias;
        private final Vertx vertx;
        private final EtcdTopoStore store;
        private final TopologyWriter writer;
        private final PrintStream out;
        final AtomicReference<TabletRecord> record = new AtomicReference<>();
        private final AtomicBoolean dirty = new AtomicBoolean();
        private final AtomicBoolean closing = new AtomicBoolean();
        private final CountDownLatch closed = new CountDownLatch(1);
        private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shardops-tablet-record");
            t.setDaemon(true);
            return t;
        });
        volatile Tablet tablet;
        private volatile MysqldRestartWatch mysqldWatch;
        /** Set when it stopped because its MariaDB started again; its record then stays, as a crashed tablet's does. */
        volatile boolean mysqldRestarted;

        Running(String alias, Vertx vertx, EtcdTopoStore store, TopologyWriter writer, PrintStream out) {
            this.alias = alias;
            this.vertx = vertx;
            this.store = store;
            this.writer = writer;
            this.out = out;
        }

        public Tablet tablet() {
            return tablet;
        }

        void servingChanged(ServingState s) {
            record.updateAndGet(r -> new TabletRecord(r.alias(), r.cell(), r.uid(), r.keyspace(), r.shard(), s.type(), r.hostname(),
                    r.grpcPort(), r.httpPort(), r.mysqlPort(), s.serving() ? TabletState.SERVING : TabletState.NOT_SERVING));
            dirty.set(true);
            if (!closing.get()) {
                refresher.execute(this::registerQuietly);
            }
        }

        void register() {
            dirty.set(false);
            writer.putTablet(record.get());
        }

        private void registerQuietly() {
            if (!dirty.get() || closing.get()) {
                return;
            }
            try {
                register();
            } catch (RuntimeException e) {
                dirty.set(true);
                out.println(Instant.now() + " tablet " + alias + ": cannot update its record (retrying in " + RETRY_SECONDS + " s): " + e.getMessage());
            }
        }

        /**
         * Fencing at restart for a MariaDB this process does not run: when it started again, stop (leaving the
         * record, so the failover monitor judges this tablet as it would a crashed one) and let the start path,
         * which asks the shard record, decide whether it takes writes.
         */
        void watchMysqld(String host, int port, String user, String password) {
            mysqldWatch = new MysqldRestartWatch(() -> uptime(host, port, user, password), () -> {
                out.println(Instant.now() + " tablet " + alias + ": its mysqld started again; stopping so the tablet starts"
                        + " again and asks the topology whether it is still the primary");
                out.flush();
                mysqldRestarted = true;
                Thread stop = new Thread(this::close, "shardops-tablet-stop");
                stop.start();
            }).start(MYSQLD_WATCH_EVERY);
        }

        /** The server's uptime, asked as the account the command line gives (root from inside the pod). */
        private static OptionalLong uptime(String host, int port, String user, String password) {
            Properties p = new Properties();
            p.setProperty("user", user);
            p.setProperty("password", password == null ? "" : password);
            String url = "jdbc:mysql://" + host + ":" + port + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=2000&socketTimeout=5000";
            try (Connection c = DriverManager.getConnection(url, p); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS LIKE 'Uptime'")) {
                return rs.next() ? OptionalLong.of(rs.getLong(2)) : OptionalLong.empty();
            } catch (SQLException e) {
                return OptionalLong.empty();
            }
        }

        void startRefresh() {
            refresher.scheduleWithFixedDelay(this::registerQuietly, RETRY_SECONDS, RETRY_SECONDS, TimeUnit.SECONDS);
        }

        /** Blocks until {@link #close} has run. */
        void awaitClose() throws InterruptedException {
            closed.await();
        }

        /** Removes the record, stops the servers (never the MariaDB), closes etcd. */
        @Override
        public void close() {
            if (!closing.compareAndSet(false, true)) {
                awaitQuietly();
                return;
            }
            refresher.shutdownNow();
            MysqldRestartWatch w = mysqldWatch;
            if (w != null) {
                w.close();
            }
            if (!mysqldRestarted) {
                try {
                    writer.deleteTablet(record.get() == null ? "" : record.get().cell(), alias);
                } catch (RuntimeException e) {
                    // etcd gone: the record stays until the next start replaces it
                }
            }
            Tablet t = tablet;
            if (t != null) {
                try {
                    t.stop(vertx).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    out.println(Instant.now() + " tablet " + alias + ": stop: " + rootMessage(e));
                }
            }
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
            store.close();
            if (t != null) {
                out.println(Instant.now() + " tablet " + alias + " stopped");
                out.flush();
            }
            closed.countDown();
        }

        private void awaitQuietly() {
            try {
                closed.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
