package io.shardops.dataplane.gateway;

/**
 * A serving tablet the gateway can send queries to: a MySQL protocol endpoint.
 *
 * @param alias    the tablet alias, e.g. {@code zone1-0000000100}
 * @param database the database on the tablet that holds the keyspace's tables
 */
public record TabletEndpoint(String alias, String host, int port, String database) {}
