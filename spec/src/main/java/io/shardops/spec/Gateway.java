package io.shardops.spec;

/**
 * The gateways of a cell.
 *
 * @param replicas  how many gateways run in the cell
 * @param mysqlPort the MySQL protocol port of the first gateway; the others take the next ports
 * @param auth      how clients authenticate
 */
public record Gateway(int replicas, int mysqlPort, Auth auth) {
    public static final int DEFAULT_MYSQL_PORT = 15306;
    public static final Gateway DEFAULT = new Gateway(1, DEFAULT_MYSQL_PORT, Auth.NONE);
}
