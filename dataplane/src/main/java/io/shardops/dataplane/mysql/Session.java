package io.shardops.dataplane.mysql;

/**
 * What the server knows about an authenticated client connection.
 *
 * @param database  the database named in the handshake, or null
 * @param collation the collation id the client asked for in its handshake response (0: none)
 */
public record Session(long connectionId, String user, String database, int clientCapabilities, String remoteAddress, int collation) {
    public Session(long connectionId, String user, String database, int clientCapabilities, String remoteAddress) {
        this(connectionId, user, database, clientCapabilities, remoteAddress, 0);
    }
}
