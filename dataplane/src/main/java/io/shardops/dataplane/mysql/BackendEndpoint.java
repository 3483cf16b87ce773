package io.shardops.dataplane.mysql;

/**
 * A MySQL server to connect to, with credentials and the database to use.
 *
 * @param database   null for none
 * @param unixSocket the same server's Unix socket, tried first when not null (a MariaDB on this host: no TCP
 *                   stack per packet on either side); {@code host:port} when it cannot be reached
 */
public record BackendEndpoint(String host, int port, String user, String password, String database, String unixSocket) {
    public BackendEndpoint(String host, int port, String user, String password, String database) {
        this(host, port, user, password, database, null);
    }

    public BackendEndpoint withDatabase(String db) {
        return new BackendEndpoint(host, port, user, password, db, unixSocket);
    }

    /** This endpoint, reached over {@code path} when that works. */
    public BackendEndpoint withUnixSocket(String path) {
        return new BackendEndpoint(host, port, user, password, database, path);
    }

    @Override
    public String toString() {
        return host + ":" + port + (database == null ? "" : "/" + database);
    }
}
