package io.shardops.reconciler.gitops.watch;

import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.Step;
import io.shardops.planner.render.PlanJson;
import io.shardops.reconciler.apply.Approvals;
import io.shardops.reconciler.apply.Executor;
import io.shardops.reconciler.apply.RunOutcome;
import io.shardops.reconciler.apply.OutcomeText;
import io.shardops.reconciler.apply.Reconcile;
import io.shardops.reconciler.apply.StepDispatch;
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

/**
 * The watcher's {@link Applier} over the apply executor: one executor run per plan, which resumes a
 * run of the same plan (a commit waiting for approval comes back with the same remaining steps).
 */
public final class ExecutorApplier implements Applier {
    private final TopoStore store;
    private final Function<Cluster, StepDispatch> dispatch;
    private final Executor.Options options;
    private final Clock clock;
    private final PrintWriter progress;

    /**
     * @param dispatch the step dispatch for a desired cluster: tablet steps need the spec they provision
     *                 (the local cluster's provisioner), topology-only steps do not
     */
    public ExecutorApplier(TopoStore store, Function<Cluster, StepDispatch> dispatch, Executor.Options options, Clock clock,
            PrintWriter progress) {
        this.store = store;
        this.dispatch = dispatch;
        this.options = options;
        this.clock = clock;
        this.progress = progress;
    }

    /** The same dispatch whatever the spec. */
    public ExecutorApplier(TopoStore store, StepDispatch dispatch, Executor.Options options, Clock clock, PrintWriter progress) {
        this(store, desired -> dispatch, options, clock, progress);
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
        List<String> cells = request.desired().cells().stream().map(Cell::name).toList();
        RunOutcome outcome;
        try {
            Executor.Prepared prepared = Executor.Prepared.read(store, request.plan());
            Optional<Outcome> stillWaiting = stillWaiting(prepared);
            if (stillWaiting.isPresent()) {
                return stillWaiting.get();
            }
            outcome = new Reconcile(store, dispatch.apply(request.desired()), options.withCells(cells), clock, progress).run(prepared);
        } catch (TopoException e) {
            return new Outcome.Retry(e.getMessage());
        } catch (RuntimeException e) {
            // e.g. the local cluster's node cannot be reached while the dispatch is set up
            return new Outcome.Retry(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        String headline = OutcomeText.headline(outcome);
        String error = request.commit().shortId() + ": error: " + OutcomeText.message(outcome, OutcomeText.Resume.watcher());
        return switch (outcome) {
            case RunOutcome.Applied a -> new Outcome.Applied(a.runId(), headline);
            case RunOutcome.NoChange n -> new Outcome.Applied(n.runId(), headline);
            case RunOutcome.WaitingForApproval w -> waiting(w);
            case RunOutcome.Failed f -> new Outcome.Failed(f.runId(), headline, List.of(error));
            case RunOutcome.Unsupported u -> new Outcome.Failed(u.runId(), headline, List.of(error));
        };
    }

    /**
     * A run of this plan that waits at a step nobody approved yet: answered from its record, without the
     * executor, so a watcher polling while it waits takes no lock and writes nothing.
     */
    private Optional<Outcome> stillWaiting(Executor.Prepared prepared) {
        Approvals approvals = new Approvals(store, prepared.plan().to().cluster());
        Optional<Integer> at = prepared.earlier().flatMap(Approvals::waitingStep);
        if (at.isEmpty() || approvals.approved(prepared.runId(), at.get())) {
            return Optional.empty();
        }
        return prepared.plan().steps().stream().filter(s -> s.index() == at.get())
                .filter(s -> !options.autoApprove() && !options.approved().contains(s.approval().word()))
                .findFirst().map(s -> waiting(new RunOutcome.WaitingForApproval(prepared.runId(), s)));
    }

    private static Outcome waiting(RunOutcome.WaitingForApproval w) {
        Step s = w.step();
        return new Outcome.WaitingForApproval(w.runId(), s.index(), s.kind().word() + " " + s.target(),
                OutcomeText.message(w, OutcomeText.Resume.watcher()));
    }
}
