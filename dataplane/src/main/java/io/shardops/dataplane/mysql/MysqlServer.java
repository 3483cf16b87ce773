package io.shardops.dataplane.mysql;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A MySQL protocol server: {@code instances} NetServers on one port, one per event loop, each
 * connection answered by a fresh {@link SessionHandler} from the factory (called on the
 * connection's event loop, so a factory can hand out per-event-loop resources).
 */
public final class MysqlServer {
    private static final AtomicLong CONNECTION_IDS = new AtomicLong(1);

    private final Vertx vertx;
    private final String deploymentId;
    private final int port;

    private MysqlServer(Vertx vertx, String deploymentId, int port) {
        this.vertx = vertx;
        this.deploymentId = deploymentId;
        this.port = port;
    }

    /**
     * Starts listening. With port 0 the first instance picks a free port and the others share it.
     *
     * @param handlerFactory called once per connection, on that connection's event loop
     */
    public static Future<MysqlServer> start(Vertx vertx, ServerConfig config, Supplier<SessionHandler> handlerFactory) {
        NetServerOptions options = new NetServerOptions().setHost(config.host()).setPort(config.port())
                .setTcpNoDelay(true).setReuseAddress(true);
        if (config.port() != 0) {
            return deploy(vertx, config, options, config.instances(), handlerFactory);
        }
        // with an ephemeral port, find it with one instance first, then add the rest on that port
        return deploy(vertx, config, options, 1, handlerFactory).compose(first -> {
            if (config.instances() <= 1) {
                return Future.succeededFuture(first);
            }
            NetServerOptions fixed = new NetServerOptions(options).setPort(first.port);
            return deploy(vertx, config, fixed, config.instances() - 1, handlerFactory)
                    .map(rest -> new MysqlServer(vertx, first.deploymentId + "," + rest.deploymentId, first.port));
        });
    }

    private static Future<MysqlServer> deploy(Vertx vertx, ServerConfig config, NetServerOptions options, int instances,
                                              Supplier<SessionHandler> handlerFactory) {
        int[] boundPort = new int[] {options.getPort()};
        return vertx.deployVerticle(() -> new VerticleBase() {
            private NetServer server;

            @Override
            public Future<?> start() {
                Context ctx = context;
                server = vertx.createNetServer(options);
                server.connectHandler(socket -> new ServerConnection(socket, ctx, config,
                        CONNECTION_IDS.getAndIncrement(), handlerFactory).start());
                return server.listen().onSuccess(s -> boundPort[0] = s.actualPort());
            }

            @Override
            public Future<?> stop() {
                return server.close();
            }
        }, new DeploymentOptions().setInstances(instances)).map(id -> new MysqlServer(vertx, id, boundPort[0]));
    }

    public int port() {
        return port;
    }

    /** Stops accepting and closes the listening sockets; open client connections close with them. */
    public Future<Void> close() {
        Future<Void> f = Future.succeededFuture();
        for (String id : deploymentId.split(",")) {
            f = f.compose(v -> vertx.undeploy(id));
        }
        return f;
    }
}
