package io.shardops.reconciler.host.local;

import io.shardops.spec.TabletType;
import java.util.List;
import java.util.Optional;

/**
 * Where the tablets of one shard in one cell run in a cluster over several hosts, kept in etcd
 * ({@code /shardops/<cluster>/placement/<cell>/<keyspace>/<shard>}) so the next apply finds each tablet on
 * the node that holds its data.
 */
public record ShardPlacement(List<Placed> tablets, List<Retired> retired) {
    public static final ShardPlacement NONE = new ShardPlacement(List.of());

    /**
     * A tablet replaced by a rebuild (docs/ha.md, Replacing a lost tablet): its uid is never given again (a replica skips binlog events
     * carrying its own server id, and the retired server's transactions carry this one).
     *
     * @param replacedBy the uid of its replacement
     * @param node       the node that held it (its data is set aside there when that node answers)
     */
    public record Retired(int uid, int replacedBy, String node) {}

    public ShardPlacement(List<Placed> tablets) {
        this(tablets, List.of());
    }

    /**
     * @param uid     unique in the cluster (also the MariaDB server id)
     * @param pool    the pool it counts against: replica or rdonly
     * @param node    the node that runs it and holds its data
     * @param running false once stopped as surplus (its data stays on {@code node})
     */
    public record Placed(int uid, TabletType pool, String node, boolean running) {}

    public ShardPlacement {
        tablets = List.copyOf(tablets);
        retired = retired == null ? List.of() : List.copyOf(retired);
    }

    public Optional<Retired> retiredUid(int uid) {
        return retired.stream().filter(r -> r.uid() == uid).findFirst();
    }

    /** {@code lost} replaced by a new tablet {@code uid} of the same pool on the same node; {@code lost} retired. */
    public ShardPlacement rebuilt(Placed lost, int uid) {
        return rebuilt(lost, uid, lost.node());
    }

    /** {@code lost} replaced by a new tablet {@code uid} of the same pool on {@code node}; {@code lost} retired. */
    public ShardPlacement rebuilt(Placed lost, int uid, String node) {
        List<Placed> next = new java.util.ArrayList<>(tablets.stream().filter(t -> t.uid() != lost.uid()).toList());
        next.add(new Placed(uid, lost.pool(), node, true));
        next.sort(java.util.Comparator.comparingInt(Placed::uid));
        List<Retired> gone = new java.util.ArrayList<>(retired);
        gone.add(new Retired(lost.uid(), uid, lost.node()));
        return new ShardPlacement(next, gone);
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
