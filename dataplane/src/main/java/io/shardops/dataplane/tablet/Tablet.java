package io.shardops.dataplane.tablet;

import io.shardops.dataplane.credentials.BearerToken;
import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.dataplane.mysql.Authenticator;
import io.shardops.dataplane.mysql.BackendEndpoint;
import io.shardops.dataplane.mysqlctl.ExternalMysqld;
import io.shardops.dataplane.mysqlctl.MariaDbInstallation;
import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.dataplane.mysqlctl.Mysqld;
import io.shardops.dataplane.mysqlctl.MysqldConfig;
import io.shardops.dataplane.mysqlctl.MysqldNetwork;
import io.shardops.dataplane.tablet.query.QueryService;
import io.shardops.dataplane.tablet.query.SchemaCache;
import io.shardops.dataplane.tablet.query.ServingControl;
import io.shardops.dataplane.tablet.query.ServingState;
import io.shardops.spec.TabletType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A running tablet: its MariaDB ({@link Mysqld}), the query service (MySQL protocol, {@link #queryPort()})
 * and the tablet manager ({@link #manager()} in process, HTTP on {@link #httpPort()}).
 */
public final class Tablet {
    /**
     * How to run a tablet. Ports may be 0 for "any free port" except {@code mysqlPort}.
     *
     * @param tabletDir     the tablet's directory; MariaDB's datadir and logs live under it, and survive a restart
     * @param initialType   the type the tablet announces before the tablet manager changes it (a primary
     *                      is made with {@link TabletManager#initPrimary}, not by starting as one)
     * @param outlivesJvm   leave MariaDB running when this JVM exits (local cluster daemons); a restarted tablet adopts it
     * @param externalMysqld null: the tablet runs its own MariaDB; otherwise the server another process runs
     *                      (a Kubernetes sidecar), which the tablet prepares but never starts or stops; its port
     *                      is {@code mysqlPort}, and {@code tabletDir} holds only the tablet's own files
     * @param accounts      the cluster's MariaDB passwords: the server's accounts, and the one the query port takes
     * @param managerToken  the cluster's control token, which every tablet manager HTTP call must carry
     */
    public record Config(TabletIdentity identity, TabletType initialType, Path tabletDir, String host,
                         int mysqlPort, int queryPort, int httpPort, boolean outlivesJvm, ExternalMysqld externalMysqld,
                         MysqlAccounts accounts, BearerToken managerToken) {
        public Config {
            if (externalMysqld != null && externalMysqld.port() != mysqlPort) {
                throw new IllegalArgumentException("mysqlPort " + mysqlPort + " is not the external mysqld's port " + externalMysqld.port());
            }
            Objects.requireNonNull(accounts, "accounts");
            Objects.requireNonNull(managerToken, "managerToken");
        }

        /** A tablet that runs its own MariaDB with the cluster's credentials. */
        public Config(TabletIdentity identity, TabletType initialType, Path tabletDir, String host,
                      int mysqlPort, int queryPort, int httpPort, boolean outlivesJvm, ClusterCredentials credentials) {
            this(identity, initialType, tabletDir, host, mysqlPort, queryPort, httpPort, outlivesJvm, null,
                    credentials.mysqlAccounts(), new BearerToken(credentials.controlToken()));
        }
    }

    private final Config config;
    private final Mysqld mysqld;
    private final ServingControl serving;
    private final SchemaCache schema;
    private final LocalTabletManager manager;
    private final Mysqld.StartReport mysqldStart;
    private QueryService queryService;
    private TabletManagerHttp http;
    private final MysqldRestarts restarts;
    private volatile PrimaryGate primaryGate = PrimaryGate.ALWAYS;

    private Tablet(Config config, Mysqld mysqld, Mysqld.StartReport mysqldStart) {
        this.config = config;
        this.mysqld = mysqld;
        this.mysqldStart = mysqldStart;
        this.serving = new ServingControl(loadServingState(config));
        this.serving.onChange(st -> saveServingState(config, st));
        this.schema = new SchemaCache(config.identity().database());
        this.manager = new LocalTabletManager(config.identity(), mysqld, serving, schema);
        this.restarts = new MysqldRestarts(config.identity(), mysqld, manager, this::restoreStateFromMysqld);
    }

    /**
     * Starts MariaDB (copying the template on first start), or with an external server waits for it and
     * prepares it; then the query service and the HTTP manager.
     */
    public static Future<Tablet> start(Vertx vertx, Config config) {
        return start(vertx, config, PrimaryGate.ALWAYS);
    }

    /** As {@link #start(Vertx, Config)}; a tablet that was primary takes writes again only if {@code gate} agrees. */
    public static Future<Tablet> start(Vertx vertx, Config config, PrimaryGate gate) {
        MysqldConfig mc = MysqldConfig.forTablet(config.identity().alias().uid(), config.tabletDir(), config.mysqlPort())
                .withAppDatabase(config.identity().database())
                // a tablet on a host address: its MariaDB takes replicas and streams of tablets on the other hosts
                .withNetwork(MysqldNetwork.forHost(config.host()));
        Mysqld mysqld = config.externalMysqld() != null
                ? Mysqld.external(mc, config.externalMysqld())
                : new Mysqld(mc, MariaDbInstallation.detect(), config.outlivesJvm(), config.accounts());
        return vertx.executeBlocking(() -> {
            Files.createDirectories(config.tabletDir());
            Mysqld.StartReport r = mysqld.start(Duration.ofSeconds(60));
            Tablet t = new Tablet(config, mysqld, r);
            t.primaryGate = gate;
            t.restoreStateFromMysqld();
            if (config.externalMysqld() == null) {
                mysqld.onCrash(t.restarts::afterCrash);
            }
            return t;
        }, false).compose(t -> t.startServers(vertx));
    }

    /**
     * After a restart: MariaDB starts read-only, so a tablet that was primary is made writable again;
     * then the schema is loaded and the streams into a primary resume.
     */
    private void restoreStateFromMysqld() {
        manager.refreshReplicationCredentials();
        if (serving.get().type() == TabletType.PRIMARY) {
            if (primaryGate.mayTakeWrites(config.identity())) {
                manager.setTabletType(TabletType.PRIMARY);
            } else {
                // a newer primary exists, or the topology cannot say: stay read-only until re-pointed (fencing)
                manager.fence();
            }
        }
        manager.reloadSchema();
        manager.resumeStreams();
    }

    /** The serving state is kept beside the datadir so a restarted tablet comes back as what it was. */
    private static Path servingStateFile(Config config) {
        return config.tabletDir().resolve("serving-state.json");
    }

    /**
     * Makes a tablet that has never started come up typed {@code type} and not serving: a replacement of a lost
     * tablet serves only once it has caught up with its primary (docs/replace.md).
     */
    public static void startsNotServing(Path tabletDir, TabletType type) throws IOException {
        Files.createDirectories(tabletDir);
        Path f = tabletDir.resolve("serving-state.json");
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        TabletManagerHttp.JSON.writeValue(tmp.toFile(), new ServingState(type, false, Set.of()));
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static ServingState loadServingState(Config config) {
        Path f = servingStateFile(config);
        if (Files.exists(f)) {
            try {
                return TabletManagerHttp.JSON.readValue(f.toFile(), ServingState.class);
            } catch (IOException e) {
                throw new TabletManagerException("tablet " + config.identity().describe() + ": unreadable " + f + " (" + e.getMessage()
                        + "); delete it to start as " + config.initialType().word(), e);
            }
        }
        return new ServingState(config.initialType(), true, Set.of());
    }

    private static void saveServingState(Config config, ServingState state) {
        Path f = servingStateFile(config);
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        try {
            TabletManagerHttp.JSON.writeValue(tmp.toFile(), state);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new TabletManagerException("tablet " + config.identity().describe() + ": cannot save its serving state to " + f + ": " + e.getMessage(), e);
        }
    }

    private Future<Tablet> startServers(Vertx vertx) {
        BackendEndpoint backend = new BackendEndpoint(mysqld.host(), config.mysqlPort(), MysqlAccounts.APP_USER,
                mysqld.accounts().appPassword(), config.identity().database());
        if (mysqld.externalServer().isEmpty() && vertx.isNativeTransportEnabled()) {
            // the MariaDB this tablet runs is on this host: statements reach it over its Unix socket (as 'localhost')
            backend = backend.withUnixSocket(mysqld.config().socket().toString());
        }
        // the query port takes the same account the tablet itself uses on its MariaDB: gateways have it
        Authenticator queryAuth = Authenticator.Static.ofPasswords(Map.of(MysqlAccounts.APP_USER, mysqld.accounts().appPassword()));
        queryService = new QueryService(vertx, config.identity().alias().toString(), config.identity().database(), serving, schema,
                manager::reloadSchema, backend, queryAuth);
        http = new TabletManagerHttp(vertx, manager, config.managerToken());
        return queryService.start(config.host(), config.queryPort())
                .compose(q -> http.start(config.host(), config.httpPort()))
                .map(h -> this)
                .recover(t -> stop(vertx).transform(ignored -> Future.failedFuture(t)));
    }

    public TabletIdentity identity() {
        return config.identity();
    }

    public TabletManager manager() {
        return manager;
    }

    public ServingControl serving() {
        return serving;
    }

    public Mysqld mysqld() {
        return mysqld;
    }

    /**
     * Called (on a thread of its own) once MariaDB was started again after a crash and the tablet's state
     * restored: a host re-records the new server's pid and the tablet's serving state.
     */
    public void onMysqldRestart(Runnable listener) {
        restarts.onRestart(listener);
    }

    /** What starting MariaDB cost (copy of the template, start until it answered). */
    public Mysqld.StartReport mysqldStart() {
        return mysqldStart;
    }

    /** The query service, for a gateway in this JVM that opens its sessions in process. */
    public QueryService queryService() {
        return queryService;
    }

    /** The MySQL-protocol port of the query service. */
    public int queryPort() {
        return queryService.port();
    }

    /** The tablet manager's HTTP port. */
    public int httpPort() {
        return http.port();
    }

    public int mysqlPort() {
        return mysqld.port();
    }

    /** Stops the servers, then MariaDB (unless it outlives the JVM: then it keeps running for the next start). */
    public Future<Void> stop(Vertx vertx) {
        Future<Void> q = queryService == null ? Future.succeededFuture() : queryService.close();
        Future<Void> h = http == null ? Future.succeededFuture() : http.close();
        return Future.join(q, h).transform(ignored -> vertx.executeBlocking(() -> {
            restarts.stop();
            manager.stopStreams();
            if (!config.outlivesJvm()) {
                mysqld.stop();
            }
            return null;
        }, false));
    }

    /** Stops everything including MariaDB, whatever {@code outlivesJvm} says (the tablet is being removed). */
    public Future<Void> stopWithMysqld(Vertx vertx) {
        return stop(vertx).transform(ignored -> vertx.executeBlocking(() -> {
            mysqld.stop();
            return null;
        }, false));
    }
}
