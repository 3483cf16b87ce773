package io.shardops.dataplane.mysql;

import java.time.Duration;

/**
 * What a MySQL protocol server allows its clients, so that nobody who can reach the port can take
 * its memory or connections: before login only handshake-sized packets and a short deadline; after
 * login an idle timeout; a cap on connections; a memory budget shared by all packets being
 * assembled; and failed logins slowed per client address.
 *
 * @param maxConnections       connections held at once; the next one is answered 1040 Too many connections
 * @param maxPacketBeforeLogin the largest packet a client may send before it has logged in
 * @param loginTimeout         a client that has not logged in by then is disconnected (MySQL's connect_timeout)
 * @param idleTimeout          a logged-in session idle this long is disconnected (MySQL's wait_timeout);
 *                             each session may change its own
 * @param inFlightPacketBytes  bytes all connections together may hold in large packets being assembled; a
 *                             connection whose next large packet does not fit stops being read until it
 *                             does. Login packets and packets up to {@link #SMALL_PACKET_BYTES} are not
 *                             counted and never wait: each connection assembles one packet at a time, so
 *                             they hold at most {@code maxConnections} times their size beside the budget
 * @param failedLogins         how failed logins from one address are slowed
 */
public record ConnectionLimits(int maxConnections, int maxPacketBeforeLogin, Duration loginTimeout, Duration idleTimeout,
                               long inFlightPacketBytes, FailedLogins failedLogins) {
    public static final int DEFAULT_MAX_CONNECTIONS = 1000;
    /** A handshake response carries user, scramble, database, plugin and connection attributes: a few hundred bytes. */
    public static final int DEFAULT_MAX_PACKET_BEFORE_LOGIN = 16 * 1024;
    public static final Duration DEFAULT_LOGIN_TIMEOUT = Duration.ofSeconds(10);
    /** MySQL's and MariaDB's default wait_timeout. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(28800);
    public static final long DEFAULT_IN_FLIGHT_PACKET_BYTES = 256L * 1024 * 1024;
    /**
     * A logged-in client's packet up to this size (header included) is assembled outside the in-flight
     * budget: a statement of this size is served even while others' large packets hold the whole budget.
     */
    public static final int SMALL_PACKET_BYTES = 64 * 1024;

    public static final ConnectionLimits DEFAULT = new ConnectionLimits(DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_PACKET_BEFORE_LOGIN,
            DEFAULT_LOGIN_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_IN_FLIGHT_PACKET_BYTES, FailedLogins.DEFAULT);

    public ConnectionLimits {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
        }
        if (maxPacketBeforeLogin < 1024) {
            throw new IllegalArgumentException("maxPacketBeforeLogin must be at least 1024 bytes, got " + maxPacketBeforeLogin);
        }
        if (loginTimeout.isNegative() || loginTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("login and idle timeouts must be positive, got " + loginTimeout + " and " + idleTimeout);
        }
        // one physical packet must always fit, or a connection could wait for the budget forever
        if (inFlightPacketBytes < PacketFramer.MAX_PAYLOAD_PER_PACKET + PacketFramer.HEADER_SIZE) {
            throw new IllegalArgumentException("inFlightPacketBytes must hold one 16 MiB packet, got " + inFlightPacketBytes);
        }
    }

    public ConnectionLimits withMaxConnections(int n) {
        return new ConnectionLimits(n, maxPacketBeforeLogin, loginTimeout, idleTimeout, inFlightPacketBytes, failedLogins);
    }

    public ConnectionLimits withLoginTimeout(Duration d) {
        return new ConnectionLimits(maxConnections, maxPacketBeforeLogin, d, idleTimeout, inFlightPacketBytes, failedLogins);
    }

    public ConnectionLimits withIdleTimeout(Duration d) {
        return new ConnectionLimits(maxConnections, maxPacketBeforeLogin, loginTimeout, d, inFlightPacketBytes, failedLogins);
    }

    public ConnectionLimits withInFlightPacketBytes(long n) {
        return new ConnectionLimits(maxConnections, maxPacketBeforeLogin, loginTimeout, idleTimeout, n, failedLogins);
    }

    public ConnectionLimits withFailedLogins(FailedLogins f) {
        return new ConnectionLimits(maxConnections, maxPacketBeforeLogin, loginTimeout, idleTimeout, inFlightPacketBytes, f);
    }

    /**
     * Exponential backoff per client address: the first {@code allowed} failures cost nothing; each
     * further one blocks the address for {@code firstBlock}, doubled per failure up to {@code maxBlock}.
     * A successful login from the address, or {@code forgetAfter} without failures, clears its count.
     */
    public record FailedLogins(int allowed, Duration firstBlock, Duration maxBlock, Duration forgetAfter) {
        public static final FailedLogins DEFAULT = new FailedLogins(5, Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMinutes(15));

        public FailedLogins {
            if (allowed < 0 || firstBlock.isNegative() || maxBlock.compareTo(firstBlock) < 0 || forgetAfter.isNegative()) {
                throw new IllegalArgumentException("failed-login backoff needs allowed >= 0 and 0 <= firstBlock <= maxBlock");
            }
        }
    }
}
