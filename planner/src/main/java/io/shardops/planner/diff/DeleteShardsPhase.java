package io.shardops.planner.diff;

import io.shardops.planner.topology.ShardRecord;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Problem;
import io.shardops.spec.TabletType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Per keyspace: deletes the live shards gone from the spec that no reshard owns; refuses while one still
 * serves traffic (its rows must be resharded away first).
 */
final class DeleteShardsPhase implements Phase {

    @Override
    public void addSteps(PlanState plan) {
        for (Keyspace ks : plan.desired.keyspaces()) {
            deleteShards(plan, ks);
        }
    }

    private static void deleteShards(PlanState plan, Keyspace ks) {
        Set<String> keep = new HashSet<>();
        ks.shards().forEach(s -> keep.add(s.name()));
        for (ShardRecord s : plan.live.shards(ks.name())) {
            if (keep.contains(s.name()) || plan.moves.reshardFrom(s.key()) != null) {
                continue;
            }
            Set<TabletType> serving = plan.live.servingTypes(ks.name(), s.name());
            if (!serving.isEmpty() && !ks.shards().isEmpty()) {
                plan.errors.add(Problem.at(ks.location(), "shard-still-serving",
                        "shard " + s.key() + " is gone from the spec but still serves " + Words.typeWords(serving) + " traffic.",
                        "Reshard its rows away first: list both shard sets and a reshard migration, and delete the shard once it is complete."));
                continue;
            }
            plan.deleteShard(s, List.of());
        }
    }
}
