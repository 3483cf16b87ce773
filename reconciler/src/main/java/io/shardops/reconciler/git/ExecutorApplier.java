package io.shardops.reconciler.git;

import io.shardops.planner.plan.Step;
import io.shardops.reconciler.apply.Executor;
import io.shardops.reconciler.apply.RunOutcome;
import io.shardops.reconciler.apply.StepHandlers;
import io.shardops.reconciler.topo.TopoException;
import io.shardops.reconciler.topo.TopoStore;
import io.shardops.spec.Cell;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The watcher's {@link Applier} over the apply executor: one executor run per plan, which resumes a
 * run of the same plan (a commit waiting for approval comes back with the same remaining steps).
 */
public final class ExecutorApplier implements Applier {
    private final TopoStore store;
    private final StepHandlers handlers;
    private final Executor.Options options;
    private final Clock clock;
    private final PrintWriter progress;

    public ExecutorApplier(TopoStore store, StepHandlers handlers, Executor.Options options, Clock clock, PrintWriter progress) {
        this.store = store;
        this.handlers = handlers;
        this.options = options;
        this.clock = clock;
        this.progress = progress;
    }

    @Override
    public Outcome apply(Request request) {
        if (request.dryRun()) {
            return DRY_RUN.apply(request);
        }
        List<String> cells = request.desired().cells().stream().map(Cell::name).toList();
        Executor executor = new Executor(store, handlers, options.withCells(cells), clock, progress);
        RunOutcome outcome;
        try {
            outcome = executor.run(request.plan());
        } catch (TopoException e) {
            return new Outcome.Retry(e.getMessage());
        }
        if (outcome instanceof RunOutcome.Applied a) {
            return new Outcome.Applied(a.ran() + " of " + a.total() + " steps run (" + a.runId() + ")");
        } else if (outcome instanceof RunOutcome.NoChange n) {
            return new Outcome.Applied("nothing to run (" + n.runId() + ")");
        } else if (outcome instanceof RunOutcome.WaitingForApproval w) {
            Step s = w.step();
            return new Outcome.WaitingForApproval(s.index(), s.kind().word() + " " + s.target(),
                    "stopped before step " + s.index() + " (" + s.kind().word() + " " + s.target() + "): the policy requires approval for "
                            + s.approval().word() + " (" + w.runId() + ")");
        } else if (outcome instanceof RunOutcome.Failed f) {
            Step s = f.step();
            return new Outcome.Failed("step " + s.index() + " (" + s.kind().word() + " " + s.target() + ") failed (" + f.runId() + ")",
                    List.of(request.commit().shortId() + ": error: step " + s.index() + " " + s.kind().word() + " " + s.target() + ": " + f.reason()));
        }
        RunOutcome.Unsupported u = (RunOutcome.Unsupported) outcome;
        String kinds = u.missing().entrySet().stream()
                .map(e -> e.getKey().word() + " (steps " + e.getValue().stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")")
                .collect(Collectors.joining(", "));
        return new Outcome.Failed("this build cannot run every step of the plan; nothing was changed",
                List.of(request.commit().shortId() + ": error: no handler for " + kinds + " in this build"));
    }
}
