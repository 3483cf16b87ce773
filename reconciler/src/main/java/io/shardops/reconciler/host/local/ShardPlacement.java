package io.shardops.reconciler.host.local;

import io.shardops.spec.TabletType;
import java.util.List;
import java.util.Optional;

/**
 * Where the tablets of one shard in one cell run in a cluster over several hosts, kept in etcd
 * ({@code /shardops/<cluster>/placement/<cell>/<keyspace>/<shard>}) so the next apply finds each tablet on
 * the node that holds its data.
 */
public record ShardPlacement(List<Placed> tablets) {
    public static final ShardPlacement NONE = new ShardPlacement(List.of());

    /**
     * @param uid     unique in the cluster (also the MariaDB server id)
     * @param pool    the pool it counts against: replica or rdonly
     * @param node    the node that runs it and holds its data
     * @param running false once stopped as surplus (its data stays on {@code node})
     */
    public record Placed(int uid, TabletType pool, String node, boolean running) {}

    public ShardPlacement {
        tablets = List.copyOf(tablets);
    }

    public Optional<Placed> byUid(int uid) {
        return tablets.stream().filter(t -> t.uid() == uid).findFirst();
    }

    /** The running tablets on {@code node}. */
    public List<Placed> runningOn(String node) {
        return tablets.stream().filter(t -> t.running() && t.node().equals(node)).toList();
    }

    /** Every node that holds a tablet of the shard, running or not. */
    public List<String> nodes() {
        return tablets.stream().map(Placed::node).distinct().sorted().toList();
    }
}
