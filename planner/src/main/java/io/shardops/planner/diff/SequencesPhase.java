package io.shardops.planner.diff;

import io.shardops.planner.plan.Action;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Sequence;
import java.util.ArrayList;
import java.util.List;

/** Per keyspace: creates the sequence tables no live shard of it holds yet. */
final class SequencesPhase implements Phase {

    @Override
    public void addSteps(PlanState plan) {
        for (Keyspace ks : plan.desired.keyspaces()) {
            sequences(plan, ks);
        }
    }

    private static void sequences(PlanState plan, Keyspace ks) {
        StepList steps = plan.steps;
        for (Sequence s : ks.sequences().values()) {
            if (liveTableAnywhere(plan.live, ks.name(), s.name())) {
                continue;
            }
            List<Mark> readies = new ArrayList<>();
            plan.desiredShards(ks).forEach(sh -> readies.add(Mark.ready(ks.name(), sh.name())));
            readies.add(Mark.keyspace(ks.name()));
            int i = steps.add(new Action.CreateSequence(ks.name(), s.name(), s.start(), s.cache()),
                    "Create sequence table " + ks.name() + "." + s.name() + " starting at " + s.start() + " (cache " + s.cache() + ").",
                    steps.marked(readies));
            steps.mark(Mark.sequence(s.name()), i);
            plan.desiredShards(ks).forEach(sh -> steps.mark(Mark.schema(ks.name(), sh.name()), i));
        }
    }

    private static boolean liveTableAnywhere(LiveView live, String keyspace, String table) {
        for (ShardRecord s : live.shards(keyspace)) {
            if (live.table(keyspace, s.name(), table).isPresent()) {
                return true;
            }
        }
        return false;
    }
}
