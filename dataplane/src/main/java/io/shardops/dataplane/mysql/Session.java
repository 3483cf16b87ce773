package io.shardops.dataplane.mysql;

/**
 * What the server knows about an authenticated client connection.
 *
 * @param database the database named in the handshake, or null
 */
public record Session(long connectionId, String user, String database, int clientCapabilities, String remoteAddress) {}
