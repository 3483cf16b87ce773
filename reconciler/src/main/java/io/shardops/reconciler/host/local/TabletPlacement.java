package io.shardops.reconciler.host.local;

import io.shardops.reconciler.provision.ProvisionedTablet;
import io.shardops.spec.TabletCounts;
import io.shardops.spec.TabletType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where a shard's tablets run when the cluster has several nodes that take tablets. Pure.
 *
 * <p>The rule: which tablets run is decided as on one host ({@link TabletAllocation}: uids in blocks of 100
 * per shard and cell, unique in the cluster, replicas before rdonly tablets, surplus stops highest uid first
 * and never the primary while another can go). A tablet that ran before stays on its node, which holds its
 * data. Each new tablet goes to the node with the fewest running tablets of this shard, then the fewest
 * running tablets of the cluster, then the lowest name. So a shard's replicas (one of which is or becomes
 * the primary) land on different hosts as long as there are as many nodes as replicas, and rdonly
 * tablets fill in after them.
 */
public final class TabletPlacement {
    /** A keyspace no spec can name: tablets of other shards only reserve their uids. */
    private static final String OTHER = "\u0000other";

    private TabletPlacement() {}

    /**
     * @param current    the shard's placement so far ({@link ShardPlacement#NONE} for a new shard)
     * @param primaryUid the shard's primary's uid, or -1
     * @param otherUids  every uid the cluster uses for other shards (and other cells)
     * @param nodes      the nodes that take tablets and answer now, in any order; not empty
     * @param load       running tablets of other shards per node name
     */
    public static ShardPlacement decide(ShardPlacement current, int primaryUid, Set<Integer> otherUids, List<NodeRecord> nodes,
                                        Map<String, Integer> load, String keyspace, String shard, String cell, TabletCounts wanted) {
        if (nodes.isEmpty()) {
            throw new IllegalStateException("no node that takes tablets answers; start one (shardops up --host-address ADDR ...)");
        }
        List<TabletConfig> all = new ArrayList<>();
        for (ShardPlacement.Placed p : current.tablets()) {
            TabletType type = p.uid() == primaryUid ? TabletType.PRIMARY : p.pool();
            all.add(new TabletConfig(ProvisionedTablet.alias(cell, p.uid()), keyspace, shard, cell, p.uid(), p.pool(), type, 0, 0, 0, p.running()));
        }
        // a retired uid is never given again
        Set<Integer> used = new java.util.TreeSet<>(otherUids);
        current.retired().forEach(r -> used.add(r.uid()));
        for (int uid : used) {
            if (current.byUid(uid).isEmpty()) {
                all.add(new TabletConfig(ProvisionedTablet.alias(cell, uid), OTHER, "", cell, uid, TabletType.REPLICA, TabletType.REPLICA,
                        0, 0, 0, true));
            }
        }
        TabletAllocation a = TabletAllocation.decide(all, keyspace, shard, cell, wanted);
        Map<Integer, ShardPlacement.Placed> next = new TreeMap<>();
        current.tablets().forEach(p -> next.put(p.uid(), p));
        a.stop().forEach(t -> next.computeIfPresent(t.uid(), (k, p) -> new ShardPlacement.Placed(p.uid(), p.pool(), p.node(), false)));
        Map<String, Integer> ofShard = new HashMap<>();
        a.keep().forEach(t -> ofShard.merge(next.get(t.uid()).node(), 1, Integer::sum));
        for (TabletConfig t : a.start()) {
            ShardPlacement.Placed before = next.get(t.uid());
            String node = before != null ? before.node() : leastLoaded(nodes, ofShard, load);
            next.put(t.uid(), new ShardPlacement.Placed(t.uid(), t.poolType(), node, true));
            ofShard.merge(node, 1, Integer::sum);
        }
        return new ShardPlacement(List.copyOf(next.values()), current.retired());
    }

    private static String leastLoaded(List<NodeRecord> nodes, Map<String, Integer> ofShard, Map<String, Integer> load) {
        return nodes.stream().min(Comparator.comparingInt((NodeRecord n) -> ofShard.getOrDefault(n.name(), 0))
                .thenComparingInt(n -> load.getOrDefault(n.name(), 0))
                .thenComparing(NodeRecord::name)).orElseThrow().name();
    }
}
