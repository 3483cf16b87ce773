package io.shardops.reconciler.host.local;

import io.shardops.dataplane.gateway.GatewayServer;
import io.shardops.dataplane.gateway.GatewayConfig;
import io.shardops.dataplane.gateway.TabletEndpoint;
import io.shardops.dataplane.mysql.Authenticator;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.host.GatewaySettings;
import io.shardops.reconciler.host.TopologyRouting;
import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
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
        Authenticator auth = GatewaySettings.authenticator(config.auth(), config.usersFile());
        GatewayConfig gc = GatewayConfig.of(host, port, auth, MysqlAccounts.APP_USER, accounts.appPassword())
                .withLimits(GatewaySettings.limits(config.limits())).withTls(GatewaySettings.tls(config.tls(), selfSignedTlsDir));
        GatewayServer gateway;
        try {
            gateway = GatewayServer.start(vertx, gc, new TopologyRouting(topology.routing().current(), cell, localTablets))
                    .toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // e.g. a TLS certificate that cannot be used: its own message names the file
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        Following following = new Following(gateway, cell);
        topology.routing().onChange(following);
        return following;
    }

    private final class Following implements GatewayPool.RunningGateway, Consumer<Topology> {
        private final GatewayServer gateway;
        private final String cell;
        private volatile boolean stopped;

        Following(GatewayServer gateway, String cell) {
            this.gateway = gateway;
            this.cell = cell;
        }

        @Override
        public void accept(Topology t) {
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
