package io.shardops.reconciler.cli;

import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.dataplane.net.EventLoops;
import io.shardops.dataplane.gateway.GatewayServer;
import io.shardops.dataplane.gateway.GatewayConfig;
import io.shardops.dataplane.mysql.Authenticator;
import io.shardops.dataplane.mysql.ConnectionLimits;
import io.shardops.dataplane.mysql.ServerTls;
import io.shardops.reconciler.host.GatewaySettings;
import io.shardops.reconciler.topo.EtcdCredentials;
import io.shardops.spec.GatewayLimits;
import io.shardops.spec.GatewayTls;
import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.host.TopologyRouting;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.reconciler.topo.TopologyFollower;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code shardops gateway}: one gateway as a process of its own (the gateway Deployment's pods), routing
 * by the cell's topology in etcd, followed as it changes, as the local node's gateways do.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Run one gateway: MySQL protocol on --mysql-port, routing by the cluster's topology in etcd."})
public final class GatewayCommand implements Callable<Integer> {
    private static final long START_TIMEOUT_SECONDS = 30;

    @Mixin
    TopologyOptions topo = new TopologyOptions();

    @Option(names = "--cell", paramLabel = "CELL", required = true, description = "The cell whose routing (SrvKeyspace records) the gateway follows.")
    String cell;

    @Option(names = "--mysql-port", paramLabel = "PORT", defaultValue = "15306", description = "The MySQL-protocol port clients connect to (default: ${DEFAULT-VALUE}).")
    int mysqlPort;

    @Option(names = "--listen", paramLabel = "HOST", defaultValue = "0.0.0.0", description = "The address it binds (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--auth", paramLabel = "MODE", defaultValue = "none", description = "Client authentication: none or static (default: ${DEFAULT-VALUE}).")
    String auth;

    @Option(names = "--users-file", paramLabel = "FILE", description = "With --auth=static: the JSON users file.")
    String usersFile;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Offer TLS to clients with this certificate chain (needs --tls-key).")
    String tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "The private key of --tls-cert.")
    String tlsKey;

    @Option(names = "--require-tls", description = "Refuse clients that log in without TLS (error 3159).")
    boolean requireTls;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "0", description = "Client connections at most; 0: the default (1000).")
    int maxConnections;

    @Option(names = "--login-timeout", defaultValue = "0", paramLabel = "SECONDS", description = "Seconds a client has to log in; 0: the default (10).")
    int loginTimeout;

    @Option(names = "--idle-timeout", defaultValue = "0", paramLabel = "SECONDS", description = "Seconds a session may idle (wait_timeout); 0: the default (28800).")
    int idleTimeout;

    @Option(names = "--packet-memory-mib", paramLabel = "MIB", defaultValue = "0", description = "MiB all clients may hold in packets being received; 0: the default (256).")
    int packetMemoryMiB;

    @Override
    public Integer call() throws Exception {
        Running r = start(System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(r::close, "shardops-gateway-stop"));
        r.awaitClose();
        return 0;
    }

    /** Starts the gateway and its topology follower, prints one line; the returned handle stops both. */
    Running start(PrintStream out) throws Exception {
        Authenticator authenticator;
        try {
            authenticator = GatewaySettings.authenticator(auth, usersFile);
        } catch (IllegalArgumentException e) {
            throw new UserException("--auth: " + e.getMessage(), 2);
        } catch (IOException e) {
            throw new UserException("--users-file " + usersFile + ": " + e.getMessage(), 2);
        }
        ClusterCredentials secrets = topo.credentials.read().orElseThrow(() -> new UserException(
                "--credentials FILE (or $SHARDOPS_CREDENTIALS) is required: the cluster's credentials, e.g. its Secret mounted as a file", 2));
        ServerTls tls = null;
        if (tlsCert != null || tlsKey != null || requireTls) {
            if (tlsCert == null || tlsKey == null) {
                throw new UserException("--tls-cert and --tls-key go together (and --require-tls needs them)", 2);
            }
            tls = GatewaySettings.tls(new GatewayTls(tlsCert, tlsKey, false, requireTls), null);
        }
        ConnectionLimits limits;
        try {
            limits = GatewaySettings.limits(new GatewayLimits(maxConnections, loginTimeout, idleTimeout, packetMemoryMiB));
        } catch (IllegalArgumentException e) {
            throw new UserException("gateway limits: " + e.getMessage(), 2);
        }
        EtcdTopoStore store;
        try {
            store = EtcdTopoStore.connect(topo.endpoints, Optional.of(EtcdCredentials.of(secrets)));
        } catch (IllegalArgumentException e) {
            throw new UserException("--topo: " + e.getMessage(), 2);
        }
        Vertx vertx = EventLoops.start();
        Running running = new Running(vertx, store, out);
        try {
            running.follower = TopologyFollower.start(store, topo.cluster, running::topologyChanged,
                    problem -> out.println(Instant.now() + " gateway " + cell + ": topology: " + problem + " (retrying)"));
            GatewayConfig config = GatewayConfig.of(listen, mysqlPort, authenticator, MysqlAccounts.APP_USER, secrets.mysqlAccounts().appPassword())
                    .withLimits(limits).withTls(tls);
            GatewayServer gateway = GatewayServer.start(vertx, config, new TopologyRouting(running.latest.get(), cell))
                    .toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            running.gateway = gateway;
            // a topology delivered while the gateway was starting
            gateway.updateRouting(new TopologyRouting(running.latest.get(), cell));
            out.println(Instant.now() + " gateway of cell " + cell + " (cluster " + topo.cluster + ") ready: MySQL protocol on "
                    + listen + ":" + mysqlPort + ", auth " + auth + (tls == null ? "" : tls.required() ? ", TLS required" : ", TLS offered")
                    + ", routing from " + store.endpoint()
                    + " at revision " + running.latest.get().revision() + ", network I/O " + EventLoops.describe(vertx));
            out.flush();
            return running;
        } catch (Exception e) {
            running.close();
            throw new UserException("gateway of cell " + cell + " did not start: " + TabletCommand.rootMessage(e), 1);
        }
    }

    /** A started gateway; each topology the follower delivers becomes its routing. */
    final class Running implements AutoCloseable {
        private final Vertx vertx;
        private final EtcdTopoStore store;
        private final PrintStream out;
        final AtomicReference<Topology> latest = new AtomicReference<>();
        private final AtomicBoolean closing = new AtomicBoolean();
        private final CountDownLatch closed = new CountDownLatch(1);
        volatile TopologyFollower follower;
        volatile GatewayServer gateway;

        Running(Vertx vertx, EtcdTopoStore store, PrintStream out) {
            this.vertx = vertx;
            this.store = store;
            this.out = out;
        }

        void topologyChanged(Topology t) {
            latest.set(t);
            GatewayServer g = gateway;
            if (g != null && !closing.get()) {
                g.updateRouting(new TopologyRouting(t, cell));
            }
        }

        void awaitClose() throws InterruptedException {
            closed.await();
        }

        @Override
        public void close() {
            if (!closing.compareAndSet(false, true)) {
                try {
                    closed.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            TopologyFollower f = follower;
            if (f != null) {
                f.close();
            }
            GatewayServer g = gateway;
            if (g != null) {
                try {
                    g.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // the port is released when the process exits
                }
            }
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
            store.close();
            if (g != null) {
                out.println(Instant.now() + " gateway of cell " + cell + " stopped");
                out.flush();
            }
            closed.countDown();
        }
    }
}
