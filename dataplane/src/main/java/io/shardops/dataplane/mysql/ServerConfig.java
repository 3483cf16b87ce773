package io.shardops.dataplane.mysql;

/**
 * How a MySQL protocol server presents itself.
 *
 * @param serverVersion  the version clients see; a 5.7 number keeps MySQL 8 clients from asking
 *                       MariaDB backends for variables only MySQL 8 has
 * @param maxPacketSize  the largest command a client may send, in bytes
 * @param capabilities   offered capability flags, normally {@link CapabilityFlags#SERVER_DEFAULT}
 * @param instances      event loops serving connections (one NetServer each, same port)
 */
public record ServerConfig(String host, int port, String serverVersion, Authenticator authenticator,
                           int maxPacketSize, int capabilities, int instances) {
    public static final String DEFAULT_VERSION = "5.7.9-shardops";
    public static final int DEFAULT_MAX_PACKET = 64 * 1024 * 1024;

    public static ServerConfig of(String host, int port, Authenticator authenticator) {
        return new ServerConfig(host, port, DEFAULT_VERSION, authenticator, DEFAULT_MAX_PACKET,
                CapabilityFlags.SERVER_DEFAULT, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    public ServerConfig withInstances(int n) {
        return new ServerConfig(host, port, serverVersion, authenticator, maxPacketSize, capabilities, n);
    }

    public ServerConfig withCapabilities(int caps) {
        return new ServerConfig(host, port, serverVersion, authenticator, maxPacketSize, caps, instances);
    }

    public ServerConfig withMaxPacketSize(int size) {
        return new ServerConfig(host, port, serverVersion, authenticator, size, capabilities, instances);
    }
}
