package io.shardops.dataplane.mysql;

/**
 * A MySQL server to connect to, with credentials and the database to use.
 *
 * @param database null for none
 */
public record BackendEndpoint(String host, int port, String user, String password, String database) {
    public BackendEndpoint withDatabase(String db) {
        return new BackendEndpoint(host, port, user, password, db);
    }

    @Override
    public String toString() {
        return host + ":" + port + (database == null ? "" : "/" + database);
    }
}
