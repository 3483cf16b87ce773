package io.shardops.spec;

/**
 * Tablets of one shard per tablet type. A primary is elected among the replicas, so
 * {@code replica} counts the primary too. {@code 0/0} keeps the shard with its tablets down.
 */
public record TabletCounts(int replica, int rdonly) {
    public static final TabletCounts DEFAULT = new TabletCounts(2, 1);
    public static final TabletCounts NONE = new TabletCounts(0, 0);

    public int total() {
        return replica + rdonly;
    }

    public boolean running() {
        return total() > 0;
    }
}
