package io.shardops.planner.diff;

import io.shardops.planner.plan.Action;
import io.shardops.planner.plan.ApprovalClass;
import io.shardops.planner.plan.Step;
import io.shardops.spec.Policy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Steps in the order they are added, with dependencies found through {@link Mark}s: a step marks what it makes
 * ready (a shard, a shard's schema, ...), later steps depend on those marks.
 */
final class StepList {
    private final Policy policy;
    private final List<Step> steps = new ArrayList<>();
    private final Map<Mark, List<Integer>> marks = new HashMap<>();

    StepList(Policy policy) {
        this.policy = policy == null ? Policy.NONE : policy;
    }

    int add(Action action, String description, boolean destructive, ApprovalClass approval, Collection<Integer> dependsOn) {
        int index = steps.size() + 1;
        ApprovalClass cls = destructive && approval == ApprovalClass.NONE ? ApprovalClass.DESTROY : approval;
        boolean gated = cls != ApprovalClass.NONE && policy.gates(cls.word());
        steps.add(new Step(index, action, new ArrayList<>(new TreeSet<>(dependsOn)), destructive, cls, gated, description));
        return index;
    }

    /** A step that waits for approval whatever the policy says (a postponed schema cut-over). */
    int addGated(Action action, String description, ApprovalClass approval, Collection<Integer> dependsOn) {
        int index = steps.size() + 1;
        steps.add(new Step(index, action, new ArrayList<>(new TreeSet<>(dependsOn)), false, approval, true, description));
        return index;
    }

    int add(Action action, String description, Collection<Integer> dependsOn) {
        return add(action, description, false, ApprovalClass.NONE, dependsOn);
    }

    void mark(Mark mark, int index) {
        marks.computeIfAbsent(mark, k -> new ArrayList<>()).add(index);
    }

    /** The steps that made any of these marks. */
    List<Integer> marked(Mark... wanted) {
        List<Integer> out = new ArrayList<>();
        for (Mark m : wanted) {
            out.addAll(marks.getOrDefault(m, List.of()));
        }
        return out;
    }

    List<Integer> marked(Collection<Mark> wanted) {
        return marked(wanted.toArray(Mark[]::new));
    }

    List<Step> steps() {
        return steps;
    }
}
