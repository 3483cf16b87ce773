package io.shardops.planner.diff;

import io.shardops.planner.plan.Action;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.TopologyOf;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Shard;

/**
 * Per shard with tablets: when the durability policy it should run with (the spec's, or the default for its
 * tablet counts) is not the one its record holds, a {@code set-durability} step once its tablets and primary exist.
 */
final class DurabilityPhase implements Phase {

    @Override
    public void addSteps(PlanState plan) {
        for (Keyspace ks : plan.desired.keyspaces()) {
            for (Shard shard : plan.desiredShards(ks)) {
                String wanted = TopologyOf.desiredDurability(plan.desired, ks, shard);
                if (wanted == null) {
                    continue;
                }
                ShardRecord live = plan.live.at(ks.name(), shard.name()).record();
                String was = live == null ? null : live.durabilityOrNone();
                if (wanted.equals(was == null ? "none" : was)) {
                    continue;
                }
                String k = Words.key(ks.name(), shard.name());
                String sentence = was == null ? "Run " + k + " with durability " + wanted + "."
                        : "Change the durability of " + k + " from " + was + " to " + wanted + ".";
                int i = plan.steps.add(new Action.SetDurability(ks.name(), shard.name(), wanted), sentence,
                        plan.steps.marked(Mark.shard(ks.name(), shard.name()), Mark.ready(ks.name(), shard.name())));
                plan.steps.mark(Mark.ready(ks.name(), shard.name()), i);
            }
        }
    }
}
