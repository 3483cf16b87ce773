package io.shardops.planner.diff;

import io.shardops.planner.plan.Action;
import io.shardops.planner.plan.ApprovalClass;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Problem;
import io.shardops.spec.SourceLocation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Deletes the live keyspaces gone from the spec, their shards first, after any move out of them finished;
 * refuses while a move that is not complete still reads from one.
 */
final class DeleteKeyspacesPhase implements Phase {

    @Override
    public void addSteps(PlanState plan) {
        Set<String> wanted = new HashSet<>();
        plan.desired.keyspaces().forEach((Keyspace k) -> wanted.add(k.name()));
        for (String name : plan.live.topology.keyspaces().keySet()) {
            if (wanted.contains(name)) {
                continue;
            }
            boolean stillSource = false;
            for (Move m : plan.moves.all()) {
                if (m.sourceKeyspace().equals(name) && !m.complete()) {
                    stillSource = true;
                }
            }
            if (stillSource) {
                plan.errors.add(Problem.at(SourceLocation.UNKNOWN, "table-still-serving",
                        "keyspace " + name + " is gone from the spec but a move still reads from it.",
                        "Complete the move first, then remove the keyspace."));
                continue;
            }
            List<Integer> after = plan.steps.marked(Mark.moveFrom(name));
            List<Integer> deps = new ArrayList<>(after);
            for (ShardRecord s : plan.live.shards(name)) {
                deps.add(plan.deleteShard(s, after));
            }
            plan.steps.add(new Action.DeleteKeyspace(name), "Delete keyspace " + name + " and its VSchema from the topology.", true, ApprovalClass.DESTROY, deps);
        }
    }
}
