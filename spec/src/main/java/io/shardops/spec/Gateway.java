package io.shardops.spec;

/**
 * The gateways of a cell.
 *
 * @param replicas    how many gateways run in the cell
 * @param mysqlPort   the MySQL protocol port of the first gateway; the others take the next ports
 * @param auth        how clients authenticate
 * @param serviceType on Kubernetes, how the gateways' MySQL port is exposed: {@code ClusterIP} (default,
 *                    inside the cluster only) or {@code NodePort} (on every node, as the reference does on
 *                    minikube); ignored by local clusters
 * @param tls         TLS for clients, or null for none
 * @param limits      connection cap, timeouts and packet memory for clients
 */
public record Gateway(int replicas, int mysqlPort, Auth auth, String serviceType, GatewayTls tls, GatewayLimits limits) {
    public static final int DEFAULT_MYSQL_PORT = 15306;
    public static final String CLUSTER_IP = "ClusterIP";
    public static final String NODE_PORT = "NodePort";
    public static final Gateway DEFAULT = new Gateway(1, DEFAULT_MYSQL_PORT, Auth.NONE);

    public Gateway {
        serviceType = serviceType == null ? CLUSTER_IP : serviceType;
        limits = limits == null ? GatewayLimits.DEFAULT : limits;
    }

    public Gateway(int replicas, int mysqlPort, Auth auth, String serviceType) {
        this(replicas, mysqlPort, auth, serviceType, null, GatewayLimits.DEFAULT);
    }

    /** A gateway exposed the default way ({@code ClusterIP}). */
    public Gateway(int replicas, int mysqlPort, Auth auth) {
        this(replicas, mysqlPort, auth, CLUSTER_IP);
    }
}
