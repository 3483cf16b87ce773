package io.shardops.reconciler.local;

import io.shardops.dataplane.mysqlctl.MariaDbInstallation;
import io.shardops.dataplane.mysqlctl.Mysqld;
import io.shardops.dataplane.mysqlctl.MysqldConfig;
import io.shardops.dataplane.tablet.LocalTabletManager;
import io.shardops.dataplane.tablet.SchemaCache;
import io.shardops.dataplane.tablet.ServingControl;
import io.shardops.dataplane.tablet.TabletAlias;
import io.shardops.dataplane.tablet.TabletIdentity;
import io.shardops.dataplane.tablet.TabletManager;
import io.shardops.dataplane.tablet.TabletStatus;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.TabletState;
import io.shardops.spec.TabletType;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Runs one tablet inside the node: its mysqld (through mysqlctl, in a session of its own and recorded in
 * {@code pids/} so {@code shardops down} finds it even if the node dies), its tablet manager and query
 * service, and its record in the topology, kept current as its type and serving state change.
 */
final class TabletHost implements RunningTablet.Runner {
    private static final Duration MYSQLD_START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration MYSQLD_STOP_TIMEOUT = Duration.ofSeconds(30);

    private final StateDir dir;
    private final LocalConfig config;
    private final Vertx vertx;
    private final TabletRegistry registry;
    private final BiConsumer<String, TabletType> typeChanged;

    TabletHost(StateDir dir, LocalConfig config, Vertx vertx, TabletRegistry registry, BiConsumer<String, TabletType> typeChanged) {
        this.dir = dir;
        this.config = config;
        this.vertx = vertx;
        this.registry = registry;
        this.typeChanged = typeChanged;
    }

    @Override
    public RunningTablet start(TabletConfig c) throws Exception {
        registry.register(record(c, c.type(), TabletState.STARTING));
        MysqldConfig mc = MysqldConfig.forTablet(c.uid(), dir.tabletDir(c.alias()), c.mysqlPort());
        Mysqld mysqld = new Mysqld(mc, MariaDbInstallation.detect(), true);
        mysqld.start(MYSQLD_START_TIMEOUT);
        String pidName = mysqld.processName();
        if (mysqld.childProcess().isPresent()) {
            dir.pids().record(mysqld.childProcess().get());
        }
        TabletIdentity identity = TabletIdentity.of(new TabletAlias(c.cell(), c.uid()), c.keyspace(), c.shard());
        ServingControl serving = new ServingControl(c.type());
        LocalTabletManager manager = new LocalTabletManager(identity, mysqld, serving, new SchemaCache(identity.database()));
        try {
            if (c.type() == TabletType.PRIMARY) {
                // a primary comes back writable (mysqld starts read-only); replicas resume replication on their own
                manager.initPrimary();
            }
        } catch (RuntimeException e) {
            mysqld.stop(MYSQLD_STOP_TIMEOUT);
            throw e;
        }
        Running running = new Running(c, mysqld, manager, pidName);
        serving.onChange(s -> {
            typeChanged.accept(c.alias(), s.type());
            registry.register(record(c, s.type(), s.serving() ? TabletState.SERVING : TabletState.NOT_SERVING));
        });
        registry.register(record(c, serving.get().type(), serving.get().serving() ? TabletState.SERVING : TabletState.NOT_SERVING));
        return running;
    }

    private final class Running implements RunningTablet {
        private final TabletConfig config;
        private final Mysqld mysqld;
        private final LocalTabletManager manager;
        private final String pidName;

        Running(TabletConfig config, Mysqld mysqld, LocalTabletManager manager, String pidName) {
            this.config = config;
            this.mysqld = mysqld;
            this.manager = manager;
            this.pidName = pidName;
        }

        @Override
        public TabletConfig config() {
            return config;
        }

        @Override
        public TabletManager manager() {
            return manager;
        }

        @Override
        public void stop() {
            try {
                registry.deregister(config.cell(), config.alias());
            } catch (RuntimeException e) {
                // etcd may be gone already (down stops it last, but a crash may not); the record is stale then
            }
            mysqld.stop(MYSQLD_STOP_TIMEOUT);
            try {
                dir.pids().forget(pidName);
            } catch (IOException e) {
                // a stale PID file is harmless: down checks the PID still names this mysqld
            }
        }
    }

    static TabletRecord record(TabletConfig c, TabletType type, TabletState state) {
        return new TabletRecord(c.alias(), c.cell(), c.uid(), c.keyspace(), c.shard(), type, "127.0.0.1",
                c.queryPort(), c.managerPort(), c.mysqlPort(), state);
    }

    static NodeApi.TabletView view(TabletConfig c, Optional<RunningTablet> running, Optional<String> failure) {
        if (running.isEmpty()) {
            String state = failure.map(f -> "FAILED: " + f).orElse(c.running() ? "STARTING" : "STOPPED");
            return new NodeApi.TabletView(c.alias(), c.keyspace(), c.shard(), c.cell(), c.type().word(), state,
                    c.mysqlPort(), c.queryPort(), c.managerPort(), "stopped", -1, "");
        }
        TabletStatus s = running.get().manager().status();
        long lag = s.replication() == null ? -1 : (s.replication().isReplica() ? s.replication().lagSeconds() : 0);
        String replError = s.replication() == null ? "" : s.replication().lastError();
        return new NodeApi.TabletView(c.alias(), c.keyspace(), c.shard(), c.cell(), s.type().word(),
                s.serving() ? "SERVING" : "NOT_SERVING", c.mysqlPort(), c.queryPort(), c.managerPort(), s.mysqld(), lag, replError);
    }
}
