package io.shardops.planner.diff;

import io.shardops.planner.plan.Action;
import io.shardops.planner.topology.ServedFrom;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Problem;
import io.shardops.spec.TabletType;
import java.util.ArrayList;
import java.util.List;

/** Creates the keyspaces live lacks; a keyspace a MoveTables fills is served from its source until then. */
final class KeyspacesPhase implements Phase {

    @Override
    public void addSteps(PlanState plan) {
        LiveView live = plan.live;
        for (Keyspace ks : plan.desired.keyspaces()) {
            if (live.hasKeyspace(ks.name())) {
                continue;
            }
            List<ServedFrom> servedFrom = new ArrayList<>();
            String source = null;
            for (Move m : plan.moves.into(ks.name())) {
                if (!m.nothingToMove()) {
                    source = m.sourceKeyspace();
                }
            }
            if (source != null) {
                for (TabletType t : List.of(TabletType.PRIMARY, TabletType.REPLICA, TabletType.RDONLY)) {
                    servedFrom.add(new ServedFrom(t, source));
                }
            }
            String sentence = "Create keyspace " + ks.name()
                    + (source == null ? "." : ", served from " + source + " for primary, replica and rdonly until its tables are moved in.");
            int i = plan.steps.add(new Action.CreateKeyspace(ks.name(), servedFrom), sentence, List.of());
            plan.steps.mark(Mark.keyspace(ks.name()), i);
        }
        for (Keyspace ks : plan.desired.keyspaces()) {
            if (ks.shards().isEmpty() && !live.shards(ks.name()).isEmpty() && !live.tables(ks.name()).isEmpty()) {
                plan.errors.add(Problem.at(ks.location(), "data-outside-destroy",
                        "keyspace " + ks.name() + " lists no shards, which would drop its shards and their tables ("
                                + String.join(", ", live.tables(ks.name()).keySet()) + ") without a destroy step.",
                        "Move its tables elsewhere first, or remove the keyspace from the spec to delete it (a destroy step)."));
            }
        }
    }
}
