package io.shardops.reconciler.apply;

import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.Step;
import io.shardops.planner.plan.StepKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The handler for each step kind; kinds without one cannot be applied by this build. */
public final class StepHandlers {
    private final Map<StepKind, StepHandler> handlers = new EnumMap<>(StepKind.class);

    /** The handlers for the steps that only change topology records. */
    public static StepHandlers topologyOnly() {
        StepHandlers h = new StepHandlers();
        TopologySteps.register(h);
        return h;
    }

    public StepHandlers with(StepKind kind, StepHandler handler) {
        handlers.put(kind, handler);
        return this;
    }

    public Optional<StepHandler> handler(StepKind kind) {
        return Optional.ofNullable(handlers.get(kind));
    }

    /** Step indexes by kind, for the kinds in {@code plan} that have no handler. */
    public Map<StepKind, List<Integer>> missing(Plan plan) {
        Map<StepKind, List<Integer>> out = new LinkedHashMap<>();
        for (Step s : plan.steps()) {
            if (!handlers.containsKey(s.kind())) {
                out.computeIfAbsent(s.kind(), k -> new ArrayList<>()).add(s.index());
            }
        }
        return out;
    }
}
