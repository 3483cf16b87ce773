package io.shardops.planner.diff;

import io.shardops.planner.plan.Action;
import io.shardops.planner.topology.LostTablet;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Shard;
import io.shardops.spec.TabletType;
import java.util.List;

/**
 * Per shard with a primary: a {@code rebuild-tablet} step for each lost tablet ({@link LostTablet}) the spec still
 * counts, so the shard gets back its spec's number of serving tablets. Lost tablets beyond the spec's count are
 * not rebuilt: {@link TabletsDownPhase} stops them before healthy ones. A listed tablet without a record gets its step
 * too: a replacement that stopped part-way is finished.
 */
final class RebuildPhase implements Phase {

    @Override
    public void addSteps(PlanState plan) {
        for (Keyspace ks : plan.desired.keyspaces()) {
            for (Shard shard : plan.desiredShards(ks)) {
                LiveShard live = plan.live.at(ks.name(), shard.name());
                if (live.needsRebuild().isEmpty()) {
                    continue;  // nothing listed, nothing lost: most shards, told apart without a look-up by key
                }
                if (live.record() == null || live.record().primaryAlias() == null || !shard.tablets().running()) {
                    continue;  // a replacement replicates from the primary: none, no rebuild (failover first)
                }
                List<LostTablet> lost = LostTablet.of(plan.live.topology, ks.name(), shard.name());
                if (lost.isEmpty()) {
                    continue;
                }
                int[] have = {live.replica(), live.rdonly()};
                for (TabletType pool : List.of(TabletType.REPLICA, TabletType.RDONLY)) {
                    int surplus = pool == TabletType.REPLICA ? have[0] - shard.tablets().replica() : have[1] - shard.tablets().rdonly();
                    List<LostTablet> ofPool = lost.stream().filter(l -> l.recorded() && l.pool() == pool).toList();
                    for (LostTablet l : ofPool.subList(Math.min(ofPool.size(), Math.max(0, surplus)), ofPool.size())) {
                        rebuild(plan, ks.name(), shard.name(), l);
                    }
                }
                lost.stream().filter(l -> !l.recorded()).forEach(l -> rebuild(plan, ks.name(), shard.name(), l));
            }
        }
    }

    private static void rebuild(PlanState plan, String keyspace, String shard, LostTablet l) {
        String alias = l.alias();
        String sentence = l.recorded()
                ? "Replace tablet " + alias + " of " + Words.key(keyspace, shard) + " (" + l.reason() + ") by a new "
                        + l.pool().word() + " tablet in cell " + l.cell() + ", seeded from the shard's latest backup or the primary"
                        + " and serving once caught up; " + alias + "'s data is kept aside on its node (tablets-aside/" + alias + ".<time>)."
                : "Finish replacing tablet " + alias + " of " + Words.key(keyspace, shard) + " (" + l.reason() + "; its record is gone:"
                        + " a replacement that stopped part-way is caught up and served, a tablet stopped since only leaves the list).";
        int i = plan.steps.add(new Action.RebuildTablet(keyspace, shard, alias, l.pool()), sentence,
                plan.steps.marked(Mark.shard(keyspace, shard), Mark.ready(keyspace, shard)));
        plan.steps.mark(Mark.tablets(keyspace, shard), i);
    }
}
