package io.shardops.dataplane.mysql;

/**
 * How a MySQL protocol server presents itself.
 *
 * @param serverVersion  the version clients see; a 5.7 number keeps MySQL 8 clients from asking
 *                       MariaDB backends for variables only MySQL 8 has
 * @param maxPacketSize  the largest command a logged-in client may send, in bytes
 * @param capabilities   offered capability flags, normally {@link CapabilityFlags#SERVER_DEFAULT}
 *                       (CLIENT_SSL is added when {@code tls} is set)
 * @param instances      event loops serving connections (one NetServer each, same port)
 * @param limits         connection cap, timeouts, pre-login packet size, packet memory budget, login throttle
 * @param tls            certificate and key to offer TLS with, or null for no TLS
 */
public record ServerConfig(String host, int port, String serverVersion, Authenticator authenticator,
                           int maxPacketSize, int capabilities, int instances, ConnectionLimits limits, ServerTls tls) {
    public static final String DEFAULT_VERSION = "5.7.9-shardops";
    public static final int DEFAULT_MAX_PACKET = 64 * 1024 * 1024;

    public ServerConfig {
        // a packet larger than the in-flight budget is refused when it cannot be held whole
        limits = limits == null ? ConnectionLimits.DEFAULT : limits;
    }

    public static ServerConfig of(String host, int port, Authenticator authenticator) {
        return new ServerConfig(host, port, DEFAULT_VERSION, authenticator, DEFAULT_MAX_PACKET,
                CapabilityFlags.SERVER_DEFAULT, Math.max(1, Runtime.getRuntime().availableProcessors()),
                ConnectionLimits.DEFAULT, null);
    }

    public ServerConfig withInstances(int n) {
        return new ServerConfig(host, port, serverVersion, authenticator, maxPacketSize, capabilities, n, limits, tls);
    }

    public ServerConfig withCapabilities(int caps) {
        return new ServerConfig(host, port, serverVersion, authenticator, maxPacketSize, caps, instances, limits, tls);
    }

    public ServerConfig withMaxPacketSize(int size) {
        return new ServerConfig(host, port, serverVersion, authenticator, size, capabilities, instances, limits, tls);
    }

    public ServerConfig withLimits(ConnectionLimits l) {
        return new ServerConfig(host, port, serverVersion, authenticator, maxPacketSize, capabilities, instances, l, tls);
    }

    public ServerConfig withTls(ServerTls t) {
        return new ServerConfig(host, port, serverVersion, authenticator, maxPacketSize, capabilities, instances, limits, t);
    }

    /** The flags the handshake offers. */
    int offeredCapabilities() {
        return tls == null ? capabilities & ~CapabilityFlags.CLIENT_SSL : capabilities | CapabilityFlags.CLIENT_SSL;
    }
}
