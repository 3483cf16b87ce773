package io.shardops.dataplane.mysql;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
    private final ConnectionGate gate;

    private MysqlServer(Vertx vertx, String deploymentId, int port, ConnectionGate gate) {
        this.vertx = vertx;
        this.deploymentId = deploymentId;
        this.port = port;
        this.gate = gate;
    }

    /**
     * Starts listening. With port 0 the first instance picks a free port and the others share it.
     *
     * @param handlerFactory called once per connection, on that connection's event loop
     */
    public static Future<MysqlServer> start(Vertx vertx, ServerConfig config, Supplier<SessionHandler> handlerFactory) {
        int port = config.port();
        if (port == 0 && config.instances() > 1) {
            // instances share a port only when they ask for the same one: pick it first
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(config.host()))) {
                port = probe.getLocalPort();
            } catch (IOException e) {
                return Future.failedFuture(e);
            }
        }
        ServerTls.Loaded sslContext = null;
        if (config.tls() != null) {
            try {
                sslContext = config.tls().load(vertx);
            } catch (Exception e) {
                return Future.failedFuture(e);
            }
        }
        NetServerOptions options = new NetServerOptions().setHost(config.host()).setPort(port)
                .setTcpNoDelay(true).setReuseAddress(true);
        return deploy(vertx, config, options, sslContext, config.instances(), handlerFactory);
    }

    private static Future<MysqlServer> deploy(Vertx vertx, ServerConfig config, NetServerOptions options, ServerTls.Loaded sslContext,
                                              int instances, Supplier<SessionHandler> handlerFactory) {
        ConnectionGate gate = new ConnectionGate(config.limits());
        int[] boundPort = new int[] {options.getPort()};
        return vertx.deployVerticle(() -> new VerticleBase() {
            private NetServer server;

            @Override
            public Future<?> start() {
                Context ctx = context;
                server = vertx.createNetServer(options);
                server.connectHandler(socket -> new ServerConnection(socket, ctx, config, gate,
                        sslContext, CONNECTION_IDS.getAndIncrement(), handlerFactory).start());
                return server.listen().onSuccess(s -> {
                    synchronized (boundPort) {
                        if (boundPort[0] != 0 && boundPort[0] != s.actualPort()) {
                            throw new IllegalStateException("instances listen on different ports " + boundPort[0] + " and " + s.actualPort());
                        }
                        boundPort[0] = s.actualPort();
                    }
                });
            }

            @Override
            public Future<?> stop() {
                return server.close();
            }
        }, new DeploymentOptions().setInstances(instances)).map(id -> new MysqlServer(vertx, id, boundPort[0], gate));
    }

    public int port() {
        return port;
    }

    /** Open connections, the in-flight packet budget and the failed-login throttle, shared by all instances. */
    public ConnectionGate gate() {
        return gate;
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
