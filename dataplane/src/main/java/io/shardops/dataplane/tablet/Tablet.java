package io.shardops.dataplane.tablet;

import io.shardops.dataplane.mysql.BackendEndpoint;
import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.dataplane.mysqlctl.Mysqld;
import io.shardops.dataplane.mysqlctl.MysqldConfig;
import io.shardops.dataplane.tablet.query.QueryService;
import io.shardops.spec.TabletType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;

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
     */
    public record Config(TabletIdentity identity, TabletType initialType, Path tabletDir, String host,
                         int mysqlPort, int queryPort, int httpPort, boolean outlivesJvm) {}

    private final Config config;
    private final Mysqld mysqld;
    private final ServingControl serving;
    private final SchemaCache schema;
    private final LocalTabletManager manager;
    private final Mysqld.StartReport mysqldStart;
    private QueryService queryService;
    private TabletManagerHttp http;

    private Tablet(Config config, Mysqld mysqld, Mysqld.StartReport mysqldStart) {
        this.config = config;
        this.mysqld = mysqld;
        this.mysqldStart = mysqldStart;
        this.serving = new ServingControl(config.initialType());
        this.schema = new SchemaCache(config.identity().database());
        this.manager = new LocalTabletManager(config.identity(), mysqld, serving, schema);
    }

    /** Starts MariaDB (copying the template on first start), then the query service and the HTTP manager. */
    public static Future<Tablet> start(Vertx vertx, Config config) {
        MysqldConfig mc = MysqldConfig.forTablet(config.identity().alias().uid(), config.tabletDir(), config.mysqlPort());
        Mysqld mysqld = new Mysqld(mc, io.shardops.dataplane.mysqlctl.MariaDbInstallation.detect(), config.outlivesJvm());
        return vertx.executeBlocking(() -> {
            Mysqld.StartReport r = mysqld.start(Duration.ofSeconds(60));
            Tablet t = new Tablet(config, mysqld, r);
            t.restoreStateFromMysqld();
            return t;
        }, false).compose(t -> t.startServers(vertx));
    }

    /** After a restart: a writable server without a replication source was the primary; pick up the schema. */
    private void restoreStateFromMysqld() {
        TabletStatus s = manager.status();
        if (s.replication() != null && !s.replication().isReplica() && !s.replication().gtidBinlogPos().isEmpty()) {
            try (var c = mysqld.connectAdmin(null); var st = c.createStatement(); var rs = st.executeQuery("SELECT @@read_only")) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    serving.update(x -> x.withType(TabletType.PRIMARY));
                }
            } catch (java.sql.SQLException e) {
                throw new TabletManagerException("tablet " + config.identity().describe() + ": cannot read MariaDB state: " + e.getMessage(), e);
            }
        }
        manager.reloadSchema();
    }

    private Future<Tablet> startServers(Vertx vertx) {
        BackendEndpoint backend = new BackendEndpoint("127.0.0.1", config.mysqlPort(), MysqlAccounts.APP_USER, MysqlAccounts.APP_PASSWORD,
                config.identity().database());
        queryService = new QueryService(vertx, config.identity().alias().toString(), config.identity().database(), serving, schema,
                manager::reloadSchema, backend);
        http = new TabletManagerHttp(vertx, manager);
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

    /** What starting MariaDB cost (copy of the template, start until it answered). */
    public Mysqld.StartReport mysqldStart() {
        return mysqldStart;
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
