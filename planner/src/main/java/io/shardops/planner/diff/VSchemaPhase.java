package io.shardops.planner.diff;

import io.shardops.planner.plan.Action;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Shard;
import io.shardops.spec.vschema.VSchema;
import java.util.ArrayList;
import java.util.List;

/** Per keyspace: applies a changed VSchema once the tables it routes and the sequences it names exist. */
final class VSchemaPhase implements Phase {

    @Override
    public void addSteps(PlanState plan) {
        for (Keyspace ks : plan.desired.keyspaces()) {
            vschema(plan, ks);
        }
    }

    private static void vschema(PlanState plan, Keyspace ks) {
        VSchema want = ks.vschema() == null ? VSchema.EMPTY : ks.vschema();
        if (want.equals(plan.live.vschema(ks.name()))) {
            return;
        }
        List<Mark> deps = new ArrayList<>();
        deps.add(Mark.keyspace(ks.name()));
        for (Shard s : plan.desiredShards(ks)) {
            deps.add(Mark.schema(ks.name(), s.name()));
            deps.add(Mark.ready(ks.name(), s.name()));
        }
        for (VSchema.Table t : want.tables().values()) {
            if (t.autoIncrement() != null) {
                deps.add(Mark.sequence(t.autoIncrement().sequence()));
            }
        }
        StepList steps = plan.steps;
        int i = steps.add(new Action.ApplyVSchema(ks.name(), want), "Apply the VSchema of " + ks.name() + ": " + VSchemaText.summary(want) + ".",
                steps.marked(deps));
        steps.mark(Mark.vschema(ks.name()), i);
    }
}
