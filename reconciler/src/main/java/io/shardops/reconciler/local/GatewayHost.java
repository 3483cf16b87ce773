package io.shardops.reconciler.local;

import io.shardops.dataplane.gateway.Gateway;
import io.shardops.dataplane.gateway.GatewayConfig;
import io.shardops.dataplane.gateway.TabletEndpoint;
import io.shardops.dataplane.mysql.Authenticator;
import io.shardops.dataplane.mysql.ConnectionLimits;
import io.shardops.dataplane.mysql.ServerTls;
import io.shardops.dataplane.tls.SelfSignedTls;
import io.shardops.spec.GatewayLimits;
import io.shardops.spec.GatewayTls;
import java.time.Duration;
import java.util.List;
import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a gateway on the node's Vert.x instance. Its routing follows the topology: every new topology
 * read becomes a {@link TopologyRouting} for the gateway's cell, swapped in whole. Tablets of this
 * node are reached in process, others over the MySQL protocol.
 */
public final class GatewayHost implements GatewayPool.Runner {
    private static final long START_TIMEOUT_SECONDS = 30;

    private final Vertx vertx;
    private final String host;
    private final NodeTopology topology;
    private final Function<String, TabletEndpoint.InProcess> localTablets;
    private final Path selfSignedTlsDir;
    private final MysqlAccounts accounts;

    /**
     * @param localTablets      a tablet alias's query service in this JVM, or null
     * @param selfSignedTlsDir  where a self-signed gateway certificate is generated and kept
     * @param accounts          the cluster's accounts: the gateway logs in to tablets' query ports as the app account
     */
    GatewayHost(Vertx vertx, String host, NodeTopology topology, Function<String, TabletEndpoint.InProcess> localTablets,
            Path selfSignedTlsDir, MysqlAccounts accounts) {
        this.host = host;
        this.accounts = accounts;
        this.vertx = vertx;
        this.topology = topology;
        this.localTablets = localTablets;
        this.selfSignedTlsDir = selfSignedTlsDir;
    }

    @Override
    public GatewayPool.RunningGateway start(String cell, int port, NodeApi.EnsureGateways config) throws Exception {
        Authenticator auth = authenticator(config.auth(), config.usersFile());
        GatewayConfig gc = GatewayConfig.of(host, port, auth, MysqlAccounts.APP_USER, accounts.appPassword())
                .withLimits(limits(config.limits())).withTls(tls(config.tls(), selfSignedTlsDir));
        Gateway gateway;
        try {
            gateway = Gateway.start(vertx, gc, new TopologyRouting(topology.routing().current(), cell, localTablets))
                    .toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            // e.g. a TLS certificate that cannot be used: its own message names the file
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        Following following = new Following(gateway, cell);
        topology.routing().onChange(following);
        return following;
    }

    /** The spec's {@code auth} of a gateway: {@code none} (or null), or {@code static} with its users file. */
    public static Authenticator authenticator(String auth, String usersFile) throws java.io.IOException {
        return switch (auth == null ? "none" : auth) {
            case "none" -> Authenticator.none();
            case "static" -> {
                if (usersFile == null) {
                    throw new IllegalArgumentException("gateway auth static needs a users file");
                }
                yield Authenticator.Static.fromFile(Path.of(usersFile));
            }
            default -> throw new IllegalArgumentException("gateway auth must be none or static, got '" + auth + "'");
        };
    }

    /** The spec's {@code gateway.limits}: each 0 keeps the connection layer's default. */
    public static ConnectionLimits limits(GatewayLimits spec) {
        ConnectionLimits l = ConnectionLimits.DEFAULT;
        if (spec == null) {
            return l;
        }
        if (spec.maxConnections() > 0) {
            l = l.withMaxConnections(spec.maxConnections());
        }
        if (spec.loginTimeoutSeconds() > 0) {
            l = l.withLoginTimeout(Duration.ofSeconds(spec.loginTimeoutSeconds()));
        }
        if (spec.idleTimeoutSeconds() > 0) {
            l = l.withIdleTimeout(Duration.ofSeconds(spec.idleTimeoutSeconds()));
        }
        if (spec.packetMemoryMiB() > 0) {
            l = l.withInFlightPacketBytes(spec.packetMemoryMiB() * 1024L * 1024L);
        }
        return l;
    }

    /**
     * The spec's {@code gateway.tls}, or null for none: its certificate and key, or a self-signed
     * certificate in {@code selfSignedDir}, generated on first use and kept (its CA in {@code ca.pem}).
     */
    public static ServerTls tls(GatewayTls spec, Path selfSignedDir) throws java.io.IOException {
        if (spec == null) {
            return null;
        }
        if (spec.selfSigned()) {
            SelfSignedTls.TlsFiles files = SelfSignedTls.ensure(selfSignedDir, List.of());
            return new ServerTls(files.cert(), files.key(), spec.required());
        }
        if (spec.certFile() == null || spec.keyFile() == null) {
            throw new IllegalArgumentException("gateway tls needs certFile and keyFile, or selfSigned: true");
        }
        return new ServerTls(Path.of(spec.certFile()), Path.of(spec.keyFile()), spec.required());
    }

    private final class Following implements GatewayPool.RunningGateway, Consumer<io.shardops.planner.topology.Topology> {
        private final Gateway gateway;
        private final String cell;
        private volatile boolean stopped;

        Following(Gateway gateway, String cell) {
            this.gateway = gateway;
            this.cell = cell;
        }

        @Override
        public void accept(io.shardops.planner.topology.Topology t) {
            if (!stopped) {
                gateway.updateRouting(new TopologyRouting(t, cell, localTablets));
            }
        }

        @Override
        public void stop() {
            stopped = true;
            try {
                gateway.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the port is released when the node exits anyway
            }
        }
    }
}
