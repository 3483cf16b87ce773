package io.shardops.reconciler.git;

import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.Step;
import io.shardops.planner.render.PlanJson;
import io.shardops.reconciler.apply.Approvals;
import io.shardops.reconciler.apply.Executor;
import io.shardops.reconciler.apply.RunOutcome;
import io.shardops.reconciler.apply.RunRecord;
import io.shardops.reconciler.apply.StepHandlers;
import io.shardops.reconciler.topo.TopoException;
import io.shardops.reconciler.topo.TopoStore;
import io.shardops.reconciler.topo.TopologyKeys;
import io.shardops.spec.Cell;
import io.shardops.spec.Cluster;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The watcher's {@link Applier} over the apply executor: one executor run per plan, which resumes a
 * run of the same plan (a commit waiting for approval comes back with the same remaining steps).
 */
public final class ExecutorApplier implements Applier {
    private final TopoStore store;
    private final Function<Cluster, StepHandlers> handlers;
    private final Executor.Options options;
    private final Clock clock;
    private final PrintWriter progress;

    /**
     * @param handlers the step handlers for a desired cluster: tablet steps need the spec they provision
     *                 (the local cluster's provisioner), topology-only steps do not
     */
    public ExecutorApplier(TopoStore store, Function<Cluster, StepHandlers> handlers, Executor.Options options, Clock clock,
            PrintWriter progress) {
        this.store = store;
        this.handlers = handlers;
        this.options = options;
        this.clock = clock;
        this.progress = progress;
    }

    /** The same handlers whatever the spec. */
    public ExecutorApplier(TopoStore store, StepHandlers handlers, Executor.Options options, Clock clock, PrintWriter progress) {
        this(store, desired -> handlers, options, clock, progress);
    }

    @Override
    public Optional<Plan> recordedPlan(String cluster, String runId) {
        return store.get(new TopologyKeys(cluster).runPlan(runId)).map(v -> PlanJson.read(v.value()));
    }

    @Override
    public Outcome apply(Request request) {
        if (request.dryRun()) {
            return DRY_RUN.apply(request);
        }
        Optional<Outcome> stillWaiting = stillWaiting(request.plan());
        if (stillWaiting.isPresent()) {
            return stillWaiting.get();
        }
        List<String> cells = request.desired().cells().stream().map(Cell::name).toList();
        Executor executor = new Executor(store, handlers.apply(request.desired()), options.withCells(cells), clock, progress);
        RunOutcome outcome;
        try {
            outcome = executor.run(request.plan());
        } catch (TopoException e) {
            return new Outcome.Retry(e.getMessage());
        } catch (RuntimeException e) {
            // e.g. the local cluster's node cannot be reached while the handlers are set up
            return new Outcome.Retry(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        if (outcome instanceof RunOutcome.Applied a) {
            return new Outcome.Applied(a.runId(), a.ran() + " of " + a.total() + " steps run (" + a.runId() + ")");
        } else if (outcome instanceof RunOutcome.NoChange n) {
            return new Outcome.Applied(n.runId(), "nothing to run (" + n.runId() + ")");
        } else if (outcome instanceof RunOutcome.WaitingForApproval w) {
            return waiting(w.runId(), w.step());
        } else if (outcome instanceof RunOutcome.Failed f) {
            Step s = f.step();
            return new Outcome.Failed(f.runId(), "step " + s.index() + " (" + s.kind().word() + " " + s.target() + ") failed (" + f.runId() + ")",
                    List.of(request.commit().shortId() + ": error: step " + s.index() + " " + s.kind().word() + " " + s.target() + ": " + f.reason()));
        }
        RunOutcome.Unsupported u = (RunOutcome.Unsupported) outcome;
        String kinds = u.missing().entrySet().stream()
                .map(e -> e.getKey().word() + " (steps " + e.getValue().stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")")
                .collect(Collectors.joining(", "));
        return new Outcome.Failed(u.runId(), "this build cannot run every step of the plan; nothing was changed",
                List.of(request.commit().shortId() + ": error: no handler for " + kinds + " in this build"));
    }

    /**
     * A run of this plan that waits at a step nobody approved yet: answered from its record, without the
     * executor, so a watcher polling while it waits takes no lock and writes nothing.
     */
    private Optional<Outcome> stillWaiting(Plan plan) {
        String runId = Executor.runId(plan);
        Approvals approvals = new Approvals(store, plan.to().cluster());
        Optional<RunRecord> run = approvals.run(runId);
        Optional<Integer> at = run.flatMap(Approvals::waitingStep);
        if (at.isEmpty() || approvals.approved(runId, at.get())) {
            return Optional.empty();
        }
        return plan.steps().stream().filter(s -> s.index() == at.get())
                .filter(s -> !options.autoApprove() && !options.approved().contains(s.approval().word()))
                .findFirst().map(s -> waiting(runId, s));
    }

    private static Outcome waiting(String runId, Step s) {
        return new Outcome.WaitingForApproval(runId, s.index(), s.kind().word() + " " + s.target(),
                "stopped before step " + s.index() + " (" + s.kind().word() + " " + s.target() + "): the policy requires approval for "
                        + s.approval().word() + "; approve it with: shardops approve " + runId + " " + s.index());
    }
}
