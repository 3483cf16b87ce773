package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.QueryConnection;
import io.vertx.core.Future;

/**
 * A serving tablet the gateway can send queries to: a MySQL protocol endpoint, and, when the tablet
 * runs in the gateway's own JVM, its query service to open sessions on directly.
 *
 * @param alias     the tablet alias, e.g. {@code zone1-0000000100}
 * @param database  the database on the tablet that holds the keyspace's tables
 * @param inProcess the tablet's query service in this JVM, or null: connect to {@code host:port}
 */
public record TabletEndpoint(String alias, String host, int port, String database, InProcess inProcess) {

    /** A tablet reached over the MySQL protocol. */
    public TabletEndpoint(String alias, String host, int port, String database) {
        this(alias, host, port, database, null);
    }

    /** A tablet's query service in this JVM. */
    @FunctionalInterface
    public interface InProcess {
        /** A session on the current event loop, as a client connecting with {@code database} would get. */
        Future<QueryConnection> open(String database);
    }

    /** The same tablet, its sessions opened in process. */
    public TabletEndpoint inProcess(InProcess service) {
        return new TabletEndpoint(alias, host, port, database, service);
    }
}
