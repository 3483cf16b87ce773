package io.shardops.reconciler.provision;

import io.shardops.spec.TabletType;

/**
 * A tablet a provisioner runs.
 *
 * @param alias   {@code <cell>-<uid>} with a ten-digit uid, as Vitess writes aliases; stable across restarts
 * @param cell    the cell it runs in
 * @param type    the type it starts as: {@link TabletType#REPLICA} or {@link TabletType#RDONLY}
 *                (a primary is elected among the replicas later)
 * @param mysqld  where its mysqld listens, for replication from other tablets
 * @param manager where its tablet manager API and health endpoint listen
 */
public record ProvisionedTablet(String alias, String cell, String keyspace, String shard, TabletType type,
                                Endpoint mysqld, Endpoint manager) {

    /** The alias Vitess would write for {@code uid} in {@code cell}. */
    public static String alias(String cell, long uid) {
        return cell + "-" + String.format("%010d", uid);
    }
}
