package io.shardops.reconciler.apply;

import io.shardops.planner.plan.ApprovalClass;
import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.Step;
import io.shardops.planner.plan.StepKind;
import io.shardops.planner.render.PlanJson;
import io.shardops.planner.topology.ReconcilerRecord;
import io.shardops.planner.topology.RunState;
import io.shardops.reconciler.apply.steps.StepContext;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.reconciler.apply.steps.StepHandler;
import io.shardops.reconciler.topo.LockHolder;
import io.shardops.reconciler.topo.TopoException;
import io.shardops.reconciler.topo.TopoLock;
import io.shardops.reconciler.topo.TopoStore;
import io.shardops.reconciler.topo.TopologyKeys;
import io.shardops.reconciler.topo.TopologyWriter;
import io.shardops.reconciler.topo.Versioned;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a plan's steps in order under the cluster's lock, recording progress so an interrupted run
 * resumes after its last completed step. The one place that owns retries, locking, approval gates
 * and progress; which handler runs a step is {@link StepDispatch}'s business, what it does the handler's.
 */
public final class Executor {

    /**
     * @param autoApprove run gated steps without stopping
     * @param approved    approval classes approved for this run ({@code switch-primary}, {@code destroy})
     * @param lockTtl     lease of the lock; a crashed apply frees it after this long
     * @param attempts    how often a step that is safe to redo is tried before the run fails
     * @param cells       cells to keep serving records in besides those the topology knows
     */
    public record Options(boolean autoApprove, Set<String> approved, Duration lockTtl, int attempts, List<String> cells) {
        public static final Options DEFAULT = new Options(false, Set.of(), Duration.ofSeconds(15), 3, List.of());

        public Options {
            approved = Set.copyOf(approved);
            cells = List.copyOf(cells);
        }

        public Options approving(boolean auto, Set<String> classes) {
            return new Options(auto, classes, lockTtl, attempts, cells);
        }

        public Options withCells(List<String> more) {
            return new Options(autoApprove, approved, lockTtl, attempts, more);
        }

        boolean approves(ApprovalClass c) {
            // a postponed schema cut-over is a decision of its own: only naming it (or shardops approve) lets it go
            return (autoApprove && c != ApprovalClass.SCHEMA_CUTOVER) || approved.contains(c.word());
        }
    }

    /**
     * A plan about to run: serialised once, its run id, and its run record as read once (empty when no run
     * of this plan started). Callers that need the earlier run (a stale-plan check, a watcher waiting for an
     * approval) read it here, and the run starts from the same read.
     */
    public record Prepared(Plan plan, String planJson, String runId, Optional<Versioned> record) {
        public Optional<RunRecord> earlier() {
            return record.map(v -> RunRecord.fromJson(v.value()));
        }

        /** Serialises {@code plan} and reads its run record: the one read of it a run makes. */
        public static Prepared read(TopoStore store, Plan plan) {
            String planJson = PlanJson.write(plan);
            String id = runIdOf(planJson);
            return new Prepared(plan, planJson, id, store.get(new TopologyKeys(plan.to().cluster()).run(id)));
        }

        boolean done() {
            return earlier().map(r -> r.state() == RunState.DONE).orElse(false);
        }
    }

    private final TopoStore store;
    private final StepDispatch dispatch;
    private final Options options;
    private final Clock clock;
    private final PrintWriter progress;

    public Executor(TopoStore store, StepDispatch dispatch, Options options, Clock clock, PrintWriter progress) {
        this.store = store;
        this.dispatch = dispatch;
        this.options = options;
        this.clock = clock;
        this.progress = progress;
    }

    /** The id of a plan's run: the same plan always gets the same id, so its run can be resumed. */
    public static String runId(Plan plan) {
        return runIdOf(PlanJson.write(plan));
    }

    private static String runIdOf(String planJson) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(planJson.getBytes(StandardCharsets.UTF_8));
            return "run-" + HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Serialises {@code plan} and reads its run record: the one read of it a run makes. */
    public Prepared prepare(Plan plan) {
        return Prepared.read(store, plan);
    }

    /** The progress of {@code plan}'s run, if one was started. */
    public Optional<RunRecord> existingRun(Plan plan) {
        return prepare(plan).earlier();
    }

    /**
     * Runs (or resumes) {@code plan}. Throws {@link TopoException} with kind {@code LOCK_HELD} when
     * another apply holds the cluster's lock.
     */
    public RunOutcome run(Plan plan) {
        return run(prepare(plan));
    }

    /** Runs (or resumes) a prepared plan; see {@link #run(Plan)}. */
    public RunOutcome run(Prepared prepared) {
        Plan plan = prepared.plan();
        String id = prepared.runId();
        if (!plan.hasChanges() || plan.steps().isEmpty()) {
            return new RunOutcome.NoChange(id);
        }
        Map<StepKind, List<Integer>> missing = dispatch.missing(plan);
        if (!missing.isEmpty()) {
            return new RunOutcome.Unsupported(id, missing);
        }
        if (prepared.done()) {
            // a finished run is final: no need to take the lock (and spend revisions) to say so
            say("Run " + id + " already applied every step; nothing to do.");
            return new RunOutcome.Applied(id, 0, plan.steps().size());
        }
        TopologyWriter writer = new TopologyWriter(store, plan.to().cluster());
        LockHolder holder = LockHolder.thisProcess(id, "shardops apply (" + plan.steps().size() + " steps)", clock.instant());
        try (TopoLock lock = store.lock(writer.keys().lock(), holder, options.lockTtl(), Duration.ZERO)) {
            store.update(writer.keys().runPlan(id), old -> old.isPresent() ? old : Optional.of(prepared.planJson()));
            RunLog log = new RunLog(store, writer, writer.keys().run(id), prepared.record().map(Versioned::modRevision).orElse(0L));
            return runLocked(prepared, writer, log, lock);
        }
    }

    private RunOutcome runLocked(Prepared prepared, TopologyWriter writer, RunLog log, TopoLock lock) {
        Plan plan = prepared.plan();
        String id = prepared.runId();
        RunRecord run = prepared.earlier().orElse(new RunRecord(id, plan.to().cluster(), plan.to().specHash(), plan.to().commit(),
                plan.steps().size(), List.of(), 0, RunState.RUNNING, "", now()));
        if (!run.stepsDone().isEmpty()) {
            say("Resuming run " + id + ": " + run.stepsDone().size() + " of " + plan.steps().size() + " steps already done.");
        }
        options.cells().forEach(writer::createCell); // the cells whose serving records the steps keep
        StepContext ctx = new StepContext(plan.to().cluster(), id, writer, options.cells());
        Approvals approvals = new Approvals(store, plan.to().cluster());
        int total = plan.steps().size();
        int ran = 0;
        for (Step step : plan.steps()) {
            if (run.isDone(step.index())) {
                continue;
            }
            try {
                if (!lock.isHeld()) {
                    log.save(run.stopped(RunState.FAILED, "lost the apply lock before step " + step.index(), now()));
                    return new RunOutcome.Failed(id, step, "lost the apply lock (its lease expired); run shardops apply again to resume");
                }
                if (step.gated() && !options.approves(step.approval()) && !approvals.approved(id, step.index())) {
                    String why = "step " + step.index() + " (" + step.kind().word() + " " + step.target() + ") needs approval: the policy gates "
                            + step.approval().word() + ". Approve it with `shardops approve " + id + " " + step.index()
                            + "` (or the console), or re-run with --approve " + step.approval().word() + " or --auto-approve.";
                    log.save(run.stopped(RunState.WAITING_APPROVAL, why, now()));
                    say(prefix(step, total) + "waiting for approval: " + step.description());
                    return new RunOutcome.WaitingForApproval(id, step);
                }
                StepHandler handler = dispatch.handler(step.action()).orElseThrow();
                if (run.current() == step.index() && !handler.safeToRedo()) {
                    String why = "step " + step.index() + " (" + step.kind().word() + ") was interrupted and is not safe to redo;"
                            + " check " + step.target() + " by hand before resuming";
                    log.save(run.stopped(RunState.FAILED, why, now()));
                    return new RunOutcome.Failed(id, step, why);
                }
                run = log.save(run.started(step.index(), step.description(), now()));
                say(prefix(step, total) + step.kind().word() + " " + step.target() + ": " + step.description());
                long t0 = System.nanoTime();
                Optional<String> failure = attempt(step, handler, ctx);
                if (failure.isPresent()) {
                    log.save(run.stopped(RunState.FAILED, failure.get(), now()));
                    say(pad(total) + "  failed: " + failure.get());
                    return new RunOutcome.Failed(id, step, failure.get());
                }
                run = log.save(run.finished(step.index(), now()));
                ran++;
                say(pad(total) + "  done in " + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms");
            } catch (RunLog.Moved e) {
                return new RunOutcome.Failed(id, step, e.getMessage());
            }
        }
        log.save(run.stopped(RunState.DONE, "", now()));
        writer.updateReconciler(r -> new ReconcilerRecord(plan.to().commit(), plan.to().specHash(), r.run()));
        return new RunOutcome.Applied(id, ran, total);
    }

    /** Runs the step, retrying passing faults when the handler says the step is safe to redo; the failure message if it failed. */
    private Optional<String> attempt(Step step, StepHandler handler, StepContext ctx) {
        int tries = handler.safeToRedo() ? Math.max(1, options.attempts()) : 1;
        for (int i = 1; ; i++) {
            try {
                handler.run(ctx);
                return Optional.empty();
            } catch (StepException e) {
                return Optional.of(e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted");
            } catch (Exception e) {
                String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                if (i >= tries) {
                    return Optional.of(msg + (tries > 1 ? " (tried " + tries + " times)" : ""));
                }
                say(pad(step.index()) + "  retrying after: " + msg);
                try {
                    Thread.sleep(200L * i);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return Optional.of("interrupted");
                }
            }
        }
    }

    private String now() {
        return clock.instant().toString();
    }

    private static String prefix(Step step, int total) {
        return "[" + step.index() + "/" + total + "] ";
    }

    /** Indents a follow-up line under its step's line. */
    private static String pad(int total) {
        return " ".repeat(String.valueOf(total).length() * 2 + 3);
    }

    private void say(String line) {
        progress.println(line);
        progress.flush();
    }
}
