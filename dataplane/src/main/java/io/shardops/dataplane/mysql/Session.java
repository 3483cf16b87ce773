package io.shardops.dataplane.mysql;

/**
 * What the server knows about an authenticated client connection.
 *
 * @param database    the database named in the handshake, or null
 * @param secure      the connection is encrypted with TLS
 * @param waitTimeout the session's idle timeout (MySQL's wait_timeout), changeable by the session handler
 * @param collation   the collation id the client asked for in its handshake response (0: none)
 */
public record Session(long connectionId, String user, String database, int clientCapabilities, String remoteAddress,
                      boolean secure, WaitTimeout waitTimeout, int collation) {

    /** A session not on a network connection (in-process use): no TLS, the default idle timeout. */
    public Session(long connectionId, String user, String database, int clientCapabilities, String remoteAddress) {
        this(connectionId, user, database, clientCapabilities, remoteAddress, false,
                new WaitTimeout(ConnectionLimits.DEFAULT_IDLE_TIMEOUT.toSeconds()), 0);
    }
}
