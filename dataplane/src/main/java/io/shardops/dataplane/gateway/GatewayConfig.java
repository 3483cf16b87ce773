package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.Authenticator;

/**
 * How a gateway listens and reaches tablets.
 *
 * @param port            MySQL protocol port (0: any free port)
 * @param tabletUser      the account the gateway uses on tablets' MySQL endpoints
 * @param instances       event loops serving clients; each keeps its own tablet connection pools
 * @param poolSize        connections per tablet per event loop
 */
public record GatewayConfig(String host, int port, Authenticator authenticator, String tabletUser, String tabletPassword,
                            int instances, int poolSize) {
    public static GatewayConfig of(String host, int port, Authenticator auth, String tabletUser, String tabletPassword) {
        return new GatewayConfig(host, port, auth, tabletUser, tabletPassword,
                Math.max(1, Runtime.getRuntime().availableProcessors()), 64);
    }

    public GatewayConfig withInstances(int n) {
        return new GatewayConfig(host, port, authenticator, tabletUser, tabletPassword, n, poolSize);
    }
}
