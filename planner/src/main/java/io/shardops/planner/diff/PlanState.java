package io.shardops.planner.diff;

import io.shardops.planner.plan.Action;
import io.shardops.planner.plan.ApprovalClass;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.spec.Cluster;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Problem;
import io.shardops.spec.Shard;
import io.shardops.spec.TabletType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the phases of one plan share: the desired cluster, the live view, the steps and refusals so far, the
 * moves, and the tables each shard will hold. Also the steps more than one phase adds (stopping tablets,
 * deleting a shard).
 */
final class PlanState {
    final Cluster desired;
    final LiveView live;
    final List<Problem> errors;
    final StepList steps;
    final MoveIndex moves;
    final ShardTables tables;
    private final Map<String, List<Shard>> desiredShards = new HashMap<>();

    PlanState(Cluster desired, LiveView live, List<Problem> errors) {
        this.desired = desired;
        this.live = live;
        this.errors = errors;
        this.steps = new StepList(desired.policy());
        this.moves = new MoveIndex(MoveResolver.resolve(desired, live, errors));
        this.tables = new ShardTables(live);
    }

    /**
     * The keyspace's shards the plan keeps: a source of a reshard that completes now is the move's to remove. Worked
     * out once per plan: five phases walk them.
     */
    List<Shard> desiredShards(Keyspace ks) {
        return desiredShards.computeIfAbsent(ks.name(), name -> {
            if (!moves.reshardsFrom(name)) {
                return ks.shards();
            }
            List<Shard> out = new ArrayList<>();
            for (Shard s : ks.shards()) {
                Move m = moves.reshardFrom(Words.key(name, s.name()));
                if (m == null || !m.complete()) {
                    out.add(s);
                }
            }
            return out;
        });
    }

    int stopTablets(String keyspace, String shard, List<TabletRecord> victims, String why, List<Integer> deps) {
        int replica = (int) victims.stream().filter(t -> t.type() != TabletType.RDONLY).count();
        int rdonly = victims.size() - replica;
        List<String> aliases = victims.stream().map(TabletRecord::alias).sorted().toList();
        return steps.add(new Action.StopTablets(keyspace, shard, replica, rdonly, aliases),
                "Stop " + Words.tablets(replica, rdonly) + " of " + Words.key(keyspace, shard) + why + ".", deps);
    }

    /** Stops the shard's tablets, then deletes it; the index of the delete step. */
    int deleteShard(ShardRecord s, List<Integer> after) {
        List<Integer> deps = new ArrayList<>(after);
        List<TabletRecord> running = live.tablets(s.keyspace(), s.name());
        if (!running.isEmpty()) {
            deps.add(stopTablets(s.keyspace(), s.name(), running, "", after));
        }
        boolean data = live.topology.schema(s.keyspace(), s.name()).map(x -> !x.tables().isEmpty()).orElse(false);
        return steps.add(new Action.DeleteShard(s.keyspace(), s.name()), "Delete shard " + s.key() + " from the topology" + (data ? "; the data on it is lost." : "."),
                true, ApprovalClass.DESTROY, deps);
    }
}
