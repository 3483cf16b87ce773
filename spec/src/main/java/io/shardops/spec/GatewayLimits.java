package io.shardops.spec;

/**
 * What clients may hold at a cell's gateways; 0 keeps a setting's default.
 *
 * @param maxConnections      client connections per gateway (default 1000); the next one is answered 1040
 * @param loginTimeoutSeconds seconds a client has to log in (default 10)
 * @param idleTimeoutSeconds  seconds a logged-in session may idle, MySQL's wait_timeout (default 28800)
 * @param packetMemoryMiB     MiB all clients of a gateway may hold in packets being received (default 256)
 */
public record GatewayLimits(int maxConnections, int loginTimeoutSeconds, int idleTimeoutSeconds, int packetMemoryMiB) {
    public static final GatewayLimits DEFAULT = new GatewayLimits(0, 0, 0, 0);
}
