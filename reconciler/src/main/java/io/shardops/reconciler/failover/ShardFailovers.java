package io.shardops.reconciler.failover;

import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.topo.TopoStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One shard's durability, term and failover record as status and the console show it: its last failovers and
 * the former primaries kept out.
 *
 * @param shard        {@code keyspace/shard}
 * @param recent       the last three events, oldest first
 * @param needsRebuild former primaries kept out because of errant transactions
 */
public record ShardFailovers(String shard, String durability, long term, List<FailoverEvent> recent, List<String> needsRebuild) {
    public ShardFailovers {
        recent = List.copyOf(recent);
        needsRebuild = List.copyOf(needsRebuild);
    }

    /** Shards with a durability policy, a term past the first or a failover record, in shard order. */
    public static List<ShardFailovers> read(TopoStore store, Topology t) {
        FailoverLog log = new FailoverLog(store, t.clusterName());
        List<ShardFailovers> rows = new ArrayList<>();
        for (ShardRecord s : t.shards().values().stream().sorted(Comparator.comparing(ShardRecord::key)).toList()) {
            FailoverLog.ShardFailovers f = log.read(s.keyspace(), s.name());
            if (s.durability() == null && s.term() == 0 && f.history().isEmpty()) {
                continue;
            }
            List<FailoverEvent> h = f.history();
            rows.add(new ShardFailovers(s.key(), s.durabilityOrNone(), s.term(), h.subList(Math.max(0, h.size() - 3), h.size()),
                    f.needsRebuild()));
        }
        return rows;
    }
}
