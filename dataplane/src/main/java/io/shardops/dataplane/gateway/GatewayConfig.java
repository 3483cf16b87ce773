package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.Authenticator;
import io.shardops.dataplane.mysql.ConnectionLimits;
import io.shardops.dataplane.mysql.ServerTls;

/**
 * How a gateway listens and reaches tablets.
 *
 * @param port            MySQL protocol port (0: any free port)
 * @param tabletUser      the account the gateway uses on tablets' MySQL endpoints
 * @param instances       event loops serving clients; each keeps its own tablet connection pools
 * @param poolSize        connections per tablet per event loop
 * @param limits          what clients may hold: connections, timeouts, packet memory, failed logins
 * @param tls             certificate and key for TLS to clients, or null for none
 */
public record GatewayConfig(String host, int port, Authenticator authenticator, String tabletUser, String tabletPassword,
                            int instances, int poolSize, ConnectionLimits limits, ServerTls tls) {
    public GatewayConfig {
        limits = limits == null ? ConnectionLimits.DEFAULT : limits;
    }

    public GatewayConfig(String host, int port, Authenticator authenticator, String tabletUser, String tabletPassword,
                         int instances, int poolSize) {
        this(host, port, authenticator, tabletUser, tabletPassword, instances, poolSize, ConnectionLimits.DEFAULT, null);
    }

    public static GatewayConfig of(String host, int port, Authenticator auth, String tabletUser, String tabletPassword) {
        return new GatewayConfig(host, port, auth, tabletUser, tabletPassword,
                Math.max(1, Runtime.getRuntime().availableProcessors()), 64);
    }

    public GatewayConfig withInstances(int n) {
        return new GatewayConfig(host, port, authenticator, tabletUser, tabletPassword, n, poolSize, limits, tls);
    }

    public GatewayConfig withLimits(ConnectionLimits l) {
        return new GatewayConfig(host, port, authenticator, tabletUser, tabletPassword, instances, poolSize, l, tls);
    }

    public GatewayConfig withTls(ServerTls t) {
        return new GatewayConfig(host, port, authenticator, tabletUser, tabletPassword, instances, poolSize, limits, t);
    }
}
