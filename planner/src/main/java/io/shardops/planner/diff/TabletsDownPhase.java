package io.shardops.planner.diff;

import io.shardops.planner.topology.LostTablet;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Problem;
import io.shardops.spec.Shard;
import io.shardops.spec.TabletType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Per keyspace: stops the tablets a shard has beyond what the spec counts (rdonly first, a primary last). A
 * shard left with none must serve no traffic by the end of the plan.
 */
final class TabletsDownPhase implements Phase {

    @Override
    public void addSteps(PlanState plan) {
        for (Keyspace ks : plan.desired.keyspaces()) {
            tabletsDown(plan, ks);
        }
    }

    private static void tabletsDown(PlanState plan, Keyspace ks) {
        LiveView live = plan.live;
        for (Shard shard : plan.desiredShards(ks)) {
            LiveShard had = live.at(ks.name(), shard.name());
            int dropReplica = Math.max(0, had.replica() - shard.tablets().replica());
            int dropRdonly = Math.max(0, had.rdonly() - shard.tablets().rdonly());
            if (had.record() == null || dropReplica + dropRdonly == 0) {
                continue;
            }
            List<TabletRecord> have = lostFirst(live, ks.name(), shard.name());
            String k = Words.key(ks.name(), shard.name());
            if (!shard.tablets().running()) {
                Set<TabletType> serving = servingAfter(plan, ks.name(), shard.name());
                if (!serving.isEmpty()) {
                    plan.errors.add(Problem.at(ks.location(), "shard-still-serving",
                            "shard " + k + " would have no tablets while it still serves " + Words.typeWords(serving) + " traffic.",
                            "Move its traffic away first (a reshard or a MoveTables that switches primary), or keep at least one replica."));
                    continue;
                }
            }
            List<TabletRecord> victims = new ArrayList<>();
            have.stream().filter(t -> t.type() == TabletType.RDONLY).limit(dropRdonly).forEach(victims::add);
            have.stream().filter(t -> t.type() == TabletType.REPLICA).limit(dropReplica).forEach(victims::add);
            long primaries = victims.stream().filter(t -> t.type() != TabletType.RDONLY).count();
            if (primaries < dropReplica) {
                have.stream().filter(t -> t.type() == TabletType.PRIMARY).limit(dropReplica - primaries).forEach(victims::add);
            }
            Move m = plan.moves.reshardFrom(k);
            List<Integer> deps = m == null ? List.of() : plan.steps.marked(Mark.primarySwitched(m.name()), Mark.move(m.name()));
            plan.stopTablets(ks.name(), shard.name(), victims, shard.tablets().running() ? "" : " (the shard no longer serves traffic)", deps);
        }
    }

    /** The shard's tablets, its lost ones ({@link LostTablet}) first: surplus tablets are those, before healthy ones. */
    private static List<TabletRecord> lostFirst(LiveView live, String keyspace, String shard) {
        Set<String> lost = new HashSet<>();
        LostTablet.of(live.topology, keyspace, shard).forEach(l -> lost.add(l.alias()));
        List<TabletRecord> out = new ArrayList<>(live.tablets(keyspace, shard));
        out.sort(Comparator.comparing((TabletRecord t) -> !lost.contains(t.alias())));
        return out;
    }

    /** Tablet types a shard serves once this plan is done. */
    private static Set<TabletType> servingAfter(PlanState plan, String keyspace, String shard) {
        Move m = plan.moves.reshardFrom(Words.key(keyspace, shard));
        if (m != null && !m.nothingToMove()) {
            Set<TabletType> s = EnumSet.allOf(TabletType.class);
            m.switched().forEach(s::remove);
            return m.complete() ? Set.of() : s;
        }
        return plan.live.servingTypes(keyspace, shard);
    }
}
