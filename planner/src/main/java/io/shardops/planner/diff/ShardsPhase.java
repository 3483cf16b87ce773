package io.shardops.planner.diff;

import io.shardops.planner.plan.Action;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Shard;

/**
 * Per keyspace: creates the shards live lacks (a reshard's targets not serving until it switches), starts the
 * tablets the spec adds, and elects a primary where a shard with replicas has none.
 */
final class ShardsPhase implements Phase {

    @Override
    public void addSteps(PlanState plan) {
        for (Keyspace ks : plan.desired.keyspaces()) {
            shardsAndTablets(plan, ks);
        }
    }

    private static void shardsAndTablets(PlanState plan, Keyspace ks) {
        LiveView live = plan.live;
        StepList steps = plan.steps;
        for (Shard shard : plan.desiredShards(ks)) {
            LiveShard had = live.at(ks.name(), shard.name());
            int replica = shard.tablets().replica();
            int rdonly = shard.tablets().rdonly();
            if (had.record() != null && had.replica() >= replica && had.rdonly() >= rdonly && (replica == 0 || had.hasPrimary())) {
                continue;  // the shard has what the spec counts: the common case, decided without building a word
            }
            String k = Words.key(ks.name(), shard.name());
            int[] have = {0, 0};
            boolean hasPrimary = false;
            if (had.record() == null) {
                Move target = plan.moves.reshardInto(k);
                boolean serving = target == null || target.nothingToMove();
                String sentence = "Create shard " + k + " (key range " + shard.keyRange().name() + ")"
                        + (serving ? "." : ", not serving until reshard " + target.name() + " switches traffic to it.");
                int i = steps.add(new Action.CreateShard(ks.name(), shard.name(), shard.keyRange().name(), serving), sentence,
                        steps.marked(Mark.keyspace(ks.name())));
                steps.mark(Mark.shard(ks.name(), shard.name()), i);
            } else {
                have = new int[] {had.replica(), had.rdonly()};
                hasPrimary = had.hasPrimary();
            }
            int addReplica = Math.max(0, replica - have[0]);
            int addRdonly = Math.max(0, rdonly - have[1]);
            if (addReplica + addRdonly > 0) {
                int i = steps.add(new Action.StartTablets(ks.name(), shard.name(), addReplica, addRdonly),
                        "Start " + Words.tablets(addReplica, addRdonly) + " in " + k + ".", steps.marked(Mark.shard(ks.name(), shard.name())));
                steps.mark(Mark.tablets(ks.name(), shard.name()), i);
                steps.mark(Mark.ready(ks.name(), shard.name()), i);
            }
            if (replica > 0 && !hasPrimary) {
                int i = steps.add(new Action.InitPrimary(ks.name(), shard.name()), "Elect a primary for " + k + " among its replica tablets.",
                        steps.marked(Mark.tablets(ks.name(), shard.name()), Mark.shard(ks.name(), shard.name())));
                steps.mark(Mark.ready(ks.name(), shard.name()), i);
            }
        }
    }
}
