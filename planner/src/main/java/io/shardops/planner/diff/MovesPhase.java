package io.shardops.planner.diff;

import io.shardops.planner.plan.Action;
import io.shardops.planner.plan.ApprovalClass;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.WorkflowKind;
import io.shardops.spec.TabletType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Per move, each stage this plan takes it through: start the copy, verify, switch rdonly, replica and primary
 * (or switch back, primary first), complete. Each step waits for the one before it.
 */
final class MovesPhase implements Phase {

    @Override
    public void addSteps(PlanState plan) {
        for (Move m : plan.moves.all()) {
            move(plan, m);
        }
    }

    private static void move(PlanState plan, Move m) {
        if (m.nothingToMove()) {
            return;
        }
        StepList steps = plan.steps;
        String what = switch (m.kind()) {
            case MOVE_TABLES -> String.join(", ", m.tables());
            case RESHARD -> "rows of " + m.targetKeyspace();
        };
        String from = Words.shardList(m.sourceKeyspace(), m.sourceShards());
        String to = Words.shardList(m.targetKeyspace(), m.targetShards());
        int last = -1;
        if (m.copy() && !m.liveCopyStarted()) {
            List<Mark> deps = new ArrayList<>();
            for (String s : m.targetShards()) {
                deps.add(Mark.ready(m.targetKeyspace(), s));
                deps.add(Mark.schema(m.targetKeyspace(), s));
            }
            String sentence = "Start " + m.kind().word() + " " + m.name() + ": copy " + what + " from " + from + " to " + to
                    + (m.kind() == WorkflowKind.RESHARD ? " by key range" : "") + ", then keep them caught up from the binlog.";
            last = steps.add(new Action.StartCopy(m.name(), m.kind(), m.sourceKeyspace(), m.sourceShards(), m.targetKeyspace(), m.targetShards(), m.tables()),
                    sentence, steps.marked(deps));
        }
        if (m.copy() && !m.liveVerified()) {
            last = steps.add(new Action.VerifyDiff(m.name()), "Verify that " + what + " in " + to + " match " + from + " row for row (diff while the streams run).",
                    deps(last));
        }
        List<TabletType> liveSwitched = m.liveSwitched();
        for (TabletType t : Move.ALL_TYPES) {
            if (m.switched().contains(t) && !liveSwitched.contains(t)) {
                List<Integer> deps = deps(last);
                deps.addAll(steps.marked(Mark.vschema(m.sourceKeyspace()), Mark.vschema(m.targetKeyspace())));
                last = steps.add(new Action.SwitchTraffic(m.name(), List.of(t)), switchSentence(m, t, false), false, approval(t), deps);
                if (t == TabletType.PRIMARY) {
                    steps.mark(Mark.primarySwitched(m.name()), last);
                }
            }
        }
        List<TabletType> reversed = new ArrayList<>(Move.ALL_TYPES);
        Collections.reverse(reversed);
        for (TabletType t : reversed) {
            if (liveSwitched.contains(t) && !m.switched().contains(t)) {
                last = steps.add(new Action.ReverseTraffic(m.name(), List.of(t)), switchSentence(m, t, true), false, approval(t), deps(last));
            }
        }
        if (m.completesNow()) {
            last = switch (m.kind()) {
                case MOVE_TABLES -> completeMoveTables(plan, m, what, from, deps(last));
                case RESHARD -> completeReshard(plan, m, deps(last));
            };
        }
        if (last > 0) {
            steps.mark(Mark.move(m.name()), last);
            steps.mark(Mark.moveFrom(m.sourceKeyspace()), last);
        }
    }

    /** Lifts the source's tablet controls, drops the moved tables there, marks the move complete. */
    private static int completeMoveTables(PlanState plan, Move m, String what, String from, List<Integer> deps) {
        StepList steps = plan.steps;
        int controls = steps.add(new Action.RemoveTabletControls(m.sourceKeyspace(), m.sourceShards(), m.tables()),
                "Remove the tablet controls that deny " + what + " on " + from + ".", deps);
        int drop = steps.add(new Action.DropTables(m.sourceKeyspace(), m.sourceShards(), m.tables()),
                "Drop " + what + " from " + from + ": they now live in " + m.targetKeyspace() + ".", true, ApprovalClass.DESTROY, List.of(controls));
        return steps.add(new Action.CompleteMigration(m.name()), "Mark " + m.kind().word() + " " + m.name() + " complete.", List.of(controls, drop));
    }

    /** Stops the source shards' tablets and deletes the shards, then marks the move complete. */
    private static int completeReshard(PlanState plan, Move m, List<Integer> deps) {
        StepList steps = plan.steps;
        List<Integer> done = new ArrayList<>(deps);
        for (String s : m.sourceShards()) {
            if (plan.live.shard(m.sourceKeyspace(), s).isEmpty()) {
                continue;
            }
            List<Integer> shardDeps = new ArrayList<>(deps);
            List<TabletRecord> running = plan.live.tablets(m.sourceKeyspace(), s);
            if (!running.isEmpty()) {
                int stop = plan.stopTablets(m.sourceKeyspace(), s, running, " (its rows now live in " + String.join(", ", m.targetShards()) + ")", deps);
                shardDeps.add(stop);
                done.add(stop);
            }
            done.add(steps.add(new Action.DeleteShard(m.sourceKeyspace(), s), "Delete shard " + Words.key(m.sourceKeyspace(), s)
                    + " from the topology: reshard " + m.name() + " moved its rows to " + String.join(", ", m.targetShards()) + ".",
                    true, ApprovalClass.DESTROY, shardDeps));
        }
        return steps.add(new Action.CompleteMigration(m.name()), "Mark " + m.kind().word() + " " + m.name() + " complete.", done);
    }

    private static ApprovalClass approval(TabletType t) {
        return t == TabletType.PRIMARY ? ApprovalClass.SWITCH_PRIMARY : ApprovalClass.NONE;
    }

    private static String switchSentence(Move m, TabletType t, boolean back) {
        String verb = back ? "Switch " + t.word() + " traffic back" : "Switch " + t.word() + " traffic";
        String tail = t == TabletType.PRIMARY ? (back ? "; writes go to the source again." : "; writes go to the target and the source stops taking them.") : ".";
        return switch (m.kind()) {
            case MOVE_TABLES -> verb + " for " + String.join(", ", m.tables())
                    + (back ? " from " + m.targetKeyspace() + " to " + m.sourceKeyspace() : " from " + m.sourceKeyspace() + " to " + m.targetKeyspace()) + tail;
            case RESHARD -> {
                String a = String.join(", ", m.sourceShards());
                String b = String.join(", ", m.targetShards());
                yield verb + " of " + m.targetKeyspace() + (back ? " from " + b + " to " + a : " from " + a + " to " + b) + tail;
            }
        };
    }

    /** The previous step of this move, if there was one. */
    private static List<Integer> deps(int last) {
        List<Integer> d = new ArrayList<>();
        if (last > 0) {
            d.add(last);
        }
        return d;
    }
}
