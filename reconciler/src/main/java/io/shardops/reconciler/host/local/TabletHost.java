package io.shardops.reconciler.host.local;

import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.dataplane.gateway.TabletEndpoint;
import io.shardops.dataplane.tablet.query.ServingControl;
import io.shardops.dataplane.tablet.Tablet;
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
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Runs one tablet inside the node: its mysqld (through mysqlctl, in a session of its own and recorded in
 * {@code pids/} so {@code shardops down} finds it even if the node dies), its tablet manager and query
 * service, and its record in the topology, kept current as its type and serving state change.
 */
final class TabletHost implements RunningTablet.Runner {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(45);

    private final StateDir dir;
    private final LocalConfig config;
    private final Vertx vertx;
    private final TabletRegistry registry;
    private final BiConsumer<String, TabletType> typeChanged;
    private final LocalQueryServices queryServices;
    private final ClusterCredentials credentials;

    TabletHost(StateDir dir, LocalConfig config, Vertx vertx, TabletRegistry registry, BiConsumer<String, TabletType> typeChanged,
               LocalQueryServices queryServices, ClusterCredentials credentials) {
        this.credentials = credentials;
        this.dir = dir;
        this.config = config;
        this.vertx = vertx;
        this.registry = registry;
        this.typeChanged = typeChanged;
        this.queryServices = queryServices;
    }

    @Override
    public RunningTablet start(TabletConfig c) throws Exception {
        registry.register(record(c, c.type(), TabletState.STARTING));
        TabletIdentity identity = TabletIdentity.of(new TabletAlias(c.cell(), c.uid()), c.keyspace(), c.shard());
        // mysqld runs in a session of its own: a node killed with -9 leaves it running, the next node adopts it
        Tablet.Config tc = new Tablet.Config(identity, c.poolType(), dir.tabletDir(c.alias()), config.host(),
                c.mysqlPort(), c.queryPort(), c.managerPort(), true, credentials);
        Tablet tablet = Tablet.start(vertx, tc, registry.primaryGate()).toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        String pidName = tablet.mysqld().processName();
        if (tablet.mysqld().childProcess().isPresent()) {
            dir.pids().record(tablet.mysqld().childProcess().get());
        }
        TabletEndpoint.InProcess queryService = tablet.queryService()::openInProcess;
        queryServices.add(c.alias(), queryService);
        ServingControl serving = tablet.serving();
        if (c.type() == TabletType.PRIMARY && serving.get().type() != TabletType.PRIMARY && registry.primaryGate().mayTakeWrites(identity)) {
            // mysqld always starts read-only; the shard's primary becomes writable again
            tablet.manager().initPrimary();
        }
        serving.onChange(s -> {
            typeChanged.accept(c.alias(), s.type());
            registerQuietly(record(c, s.type(), s.serving() ? TabletState.SERVING : TabletState.NOT_SERVING));
        });
        // a crashed mysqld is reported in the topology, so gateways stop sending it queries
        tablet.mysqld().onCrash(crash -> registerQuietly(record(c, serving.get().type(), TabletState.NOT_SERVING)));
        // the tablet starts a crashed mysqld again: down must find the new pid, gateways the tablet serving again
        tablet.onMysqldRestart(() -> {
            tablet.mysqld().childProcess().ifPresent(p -> {
                try {
                    dir.pids().record(p);
                } catch (IOException e) {
                    // the node still stops this server with its tablet; only a node killed with -9 would leave it running
                }
            });
            registerQuietly(record(c, serving.get().type(), serving.get().serving() ? TabletState.SERVING : TabletState.NOT_SERVING));
        });
        typeChanged.accept(c.alias(), serving.get().type());
        registry.register(record(c, serving.get().type(), serving.get().serving() ? TabletState.SERVING : TabletState.NOT_SERVING));
        return new Running(c, tablet, pidName, queryService);
    }

    private void registerQuietly(TabletRecord r) {
        try {
            registry.register(r);
        } catch (RuntimeException e) {
            // the record catches up at the next change; a tablet must not fail a query over its record
        }
    }

    private final class Running implements RunningTablet {
        private final TabletConfig config;
        private final Tablet tablet;
        private final String pidName;
        private final TabletEndpoint.InProcess queryService;

        Running(TabletConfig config, Tablet tablet, String pidName, TabletEndpoint.InProcess queryService) {
            this.config = config;
            this.tablet = tablet;
            this.pidName = pidName;
            this.queryService = queryService;
        }

        @Override
        public TabletConfig config() {
            return config;
        }

        @Override
        public TabletManager manager() {
            return tablet.manager();
        }

        @Override
        public void stop() {
            queryServices.remove(config.alias(), queryService);
            try {
                registry.deregister(config.cell(), config.alias());
            } catch (RuntimeException e) {
                // etcd may be gone already (down stops it last, but a crash may not); the record is stale then
            }
            try {
                tablet.stopWithMysqld(vertx).toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                tablet.mysqld().stop(Duration.ofSeconds(5));
            }
            try {
                dir.pids().forget(pidName);
            } catch (IOException e) {
                // a stale PID file is harmless: down checks the PID still names this mysqld
            }
        }
    }

    /** The tablet's record: its ports on this host's address, which tablets and gateways on other hosts use. */
    private TabletRecord record(TabletConfig c, TabletType type, TabletState state) {
        return record(c, config.host(), type, state);
    }

    static TabletRecord record(TabletConfig c, String host, TabletType type, TabletState state) {
        return new TabletRecord(c.alias(), c.cell(), c.uid(), c.keyspace(), c.shard(), type, host,
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
                !s.mysqldRunning() ? "NOT_SERVING" : s.serving() ? "SERVING" : "NOT_SERVING", c.mysqlPort(), c.queryPort(), c.managerPort(), s.mysqld(), lag, replError);
    }
}
