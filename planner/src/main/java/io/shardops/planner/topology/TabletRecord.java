package io.shardops.planner.topology;

import io.shardops.spec.TabletType;

/**
 * {@code cells/<cell>/tablets/<alias>}: one tablet and the mysqld it owns.
 *
 * @param alias       {@code <cell>-<uid>} with the uid zero-padded to ten digits, as Vitess writes it
 * @param type        the tablet's current type; the elected primary has {@code PRIMARY}
 * @param hostname    where the tablet listens
 * @param grpcPort    the tablet manager / query service port
 * @param httpPort    the tablet's status page port, 0 when none
 * @param mysqlPort   the port of the mysqld the tablet owns
 */
public record TabletRecord(
        String alias,
        String cell,
        int uid,
        String keyspace,
        String shard,
        TabletType type,
        String hostname,
        int grpcPort,
        int httpPort,
        int mysqlPort,
        TabletState state) {

    public static String alias(String cell, int uid) {
        String digits = Integer.toString(uid);
        return cell + "-" + "0000000000".substring(Math.min(10, digits.length())) + digits;
    }

    public String shardKey() {
        return Topology.shardKey(keyspace, shard);
    }

    public TabletRecord withType(TabletType newType) {
        return new TabletRecord(alias, cell, uid, keyspace, shard, newType, hostname, grpcPort, httpPort, mysqlPort, state);
    }
}
