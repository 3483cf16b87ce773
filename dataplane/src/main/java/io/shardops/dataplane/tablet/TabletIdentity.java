package io.shardops.dataplane.tablet;

/**
 * Which tablet this is.
 *
 * @param database the MariaDB database holding the keyspace's tables; the keyspace name, so
 *                 {@code show tables} prints {@code Tables_in_<keyspace>} as the reference shows
 */
public record TabletIdentity(TabletAlias alias, String keyspace, String shard, String database) {
    public TabletIdentity {
        if (!database.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("a tablet database name is letters, digits and '_', got '" + database + "'");
        }
    }

    public static TabletIdentity of(TabletAlias alias, String keyspace, String shard) {
        return new TabletIdentity(alias, keyspace, shard, keyspace);
    }

    /** {@code keyspace/shard (alias)}, for messages. */
    public String describe() {
        return keyspace + "/" + shard + " (" + alias + ")";
    }
}
