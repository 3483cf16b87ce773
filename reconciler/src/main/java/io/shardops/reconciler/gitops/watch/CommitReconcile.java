package io.shardops.reconciler.gitops.watch;

import io.shardops.planner.diff.Planner;
import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.PlanResult;
import io.shardops.planner.plan.PlanSource;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.TopologyOf;
import io.shardops.planner.topology.TopologySource;
import io.shardops.spec.Cluster;
import io.shardops.spec.Problem;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One head commit carried to an outcome: its signatures checked (with --verify-signatures), its spec loaded and
 * validated, planned against the live topology (or the last good commit's spec, without a cluster), handed to
 * the {@link Applier}, and what came back settled in the {@link WatchLedger}. A run stopped at a gated step is
 * kept so the next pass resumes that very run.
 */
final class CommitReconcile {

    /** A run stopped at a gated step, kept so each pass resumes that very run (planning again would make a new one). */
    private record Waiting(CommitInfo commit, LoadedSpec spec, Plan plan) {}

    private final SpecRepository repository;
    private final Watcher.Options options;
    private final Optional<TopologySource> live;
    private final Applier applier;
    private final WatchLedger ledger;
    private final Consumer<String> log;
    private final Clock clock;

    private volatile JsonObject lastPlan = new JsonObject();
    private Waiting waiting;

    CommitReconcile(SpecRepository repository, Watcher.Options options, Optional<TopologySource> live, Applier applier,
            WatchLedger ledger, Consumer<String> log, Clock clock) {
        this.repository = repository;
        this.options = options;
        this.live = live;
        this.applier = applier;
        this.ledger = ledger;
        this.log = log;
        this.clock = clock;
    }

    /** The last plan of a new commit, for the status page. */
    JsonObject lastPlan() {
        return lastPlan;
    }

    /** A new head replaces the commit whose run waited: that approval does not carry over. */
    void forgetWaiting() {
        waiting = null;
    }

    /** A new head commit: check, load, plan and apply it. */
    WatchRecord process(CommitInfo head) {
        log.accept("new head " + head);
        WatchRecord record = ledger.record();
        if (options.trustedKeys().isPresent()) {
            CommitSignatures.ChainVerdict chain = repository.verifySince(head, record.lastGood(), options.trustedKeys().get(), clock.instant());
            CommitSignatures.Verdict verdict = chain.verdict();
            if (!(verdict instanceof CommitSignatures.Verdict.Trusted trusted)) {
                String why = (chain.commitId().equals(head.id()) ? "" : "commit " + chain.commitId().substring(0, 12)
                        + " (in the history since " + record.lastGood().map(CommitInfo::shortId).orElse("the root") + "): ") + untrusted(verdict);
                log.accept("  " + head.shortId() + ": error: " + why);
                return ledger.settle(head, null, WatchOutcome.REFUSED, "", "signature check failed; not applied, " + staysAt(record),
                        List.of(head.shortId() + ": error: " + why), Optional.empty(), "");
            }
            log.accept("  signed by " + trusted.keyId() + (trusted.userId().isEmpty() ? "" : " (" + trusted.userId() + ")")
                    + (chain.checked() > 1 ? "; all " + chain.checked() + " commits since " + record.lastGood().map(CommitInfo::shortId).orElse("the root")
                            + " signed by trusted keys" : ""));
        }
        LoadedSpec spec = SpecAtCommit.load(repository, head, options.specPath(), options.limits());
        if (!spec.valid()) {
            List<String> errors = spec.errors();
            errors.forEach(e -> log.accept("  " + e));
            return ledger.settle(head, null, WatchOutcome.REFUSED, "", "invalid spec: " + errors.size() + " error(s); not applied, " + staysAt(ledger.record()),
                    errors, Optional.empty(), "");
        }
        Cluster desired = spec.cluster().orElseThrow();
        Topology topology;
        PlanSource from;
        try {
            if (live.isPresent()) {
                topology = live.get().read(desired.name());
                from = PlanSource.ofTopology(topology.revision(), topology.modRevisions());
            } else {
                Optional<LoadedSpec> base = ledger.baseline();
                topology = base.flatMap(LoadedSpec::cluster).map(TopologyOf::spec).orElseGet(() -> Topology.empty(desired.name()));
                from = base.map(LoadedSpec::asSource).orElseGet(() -> PlanSource.ofTopology(0, Map.of()));
            }
        } catch (Exception e) {
            // Not the commit's fault: leave it unseen so the next poll tries again.
            log.accept("cannot read the live topology: " + e.getMessage() + "; will retry");
            return ledger.record();
        }
        PlanResult result = Planner.plan(desired, topology, from, spec.asTarget());
        if (result.refused()) {
            List<String> errors = result.errors().stream().map(Problem::render).toList();
            errors.forEach(e -> log.accept("  " + e));
            return ledger.settle(head, null, WatchOutcome.REFUSED, "", "the planner refused this change; not applied", errors, Optional.empty(), "");
        }
        Plan plan = result.plan();
        lastPlan = WatchStatus.planJson(head, plan);
        plan.findings().forEach(f -> log.accept("  " + f.render() + " [" + f.code() + "]"));
        if (!plan.blockingFindings().isEmpty()) {
            List<String> errors = plan.blockingFindings().stream().map(f -> f.render() + " [" + f.code() + "]").toList();
            return ledger.settle(head, null, WatchOutcome.REFUSED, plan.summary().line(), "the change review found errors; not applied",
                    errors, Optional.empty(), "");
        }
        String summary = plan.summary().line();
        log.accept("  " + summary);
        logSteps(plan, log);
        if (!plan.hasChanges()) {
            return ledger.settle(head, spec, WatchOutcome.NO_CHANGES, summary, "the cluster already matches", List.of(), Optional.empty(), "");
        }
        return settle(head, spec, plan, applier.apply(new Applier.Request(head, desired, topology, plan, options.dryRun())));
    }

    /**
     * The head is the commit whose run waits for approval: hand the same plan over again, so the executor
     * resumes that run past the step once it is approved. After a restart the plan comes from the applier's
     * record of the run; without one (an applier that keeps none) the commit is planned again.
     */
    WatchRecord resume(CommitInfo head) {
        WatchRecord record = ledger.record();
        Waiting w = waiting != null && waiting.commit().id().equals(head.id()) ? waiting : null;
        LoadedSpec spec = w != null ? w.spec() : SpecAtCommit.load(repository, head, options.specPath(), options.limits());
        if (!spec.valid()) {
            return process(head);
        }
        Cluster desired = spec.cluster().orElseThrow();
        Optional<Plan> plan;
        Topology topology;
        try {
            plan = w != null ? Optional.of(w.plan()) : record.runId().flatMap(id -> applier.recordedPlan(desired.name(), id));
            topology = live.isPresent() ? live.get().read(desired.name()) : Topology.empty(desired.name());
        } catch (Exception e) {
            log.accept("cannot read the live topology: " + e.getMessage() + "; will retry");
            return record;
        }
        if (plan.isEmpty()) {
            return process(head);
        }
        Applier.Outcome outcome = applier.apply(new Applier.Request(head, desired, topology, plan.get(), options.dryRun()));
        if (outcome instanceof Applier.Outcome.WaitingForApproval still && record.runId().equals(WatchLedger.runIdOf(still.runId()))
                && record.pendingApproval().equals(Optional.of(pending(still)))) {
            waiting = new Waiting(head, spec, plan.get());
            return record; // still waiting at the same step: nothing new to record or log
        }
        return settle(head, spec, plan.get(), outcome);
    }

    /** Records what applying {@code plan} of {@code head} came to. */
    private WatchRecord settle(CommitInfo head, LoadedSpec spec, Plan plan, Applier.Outcome outcome) {
        String summary = plan.summary().line();
        if (!(outcome instanceof Applier.Outcome.Retry)) {
            waiting = null;
        }
        return switch (outcome) {
            case Applier.Outcome.Applied a ->
                    ledger.settle(head, spec, WatchOutcome.APPLIED, summary, a.detail(), List.of(), Optional.empty(), a.runId());
            case Applier.Outcome.Reported r ->
                    ledger.settle(head, spec, WatchOutcome.DRY_RUN, summary, r.detail(), List.of(), Optional.empty(), "");
            case Applier.Outcome.WaitingForApproval w -> {
                waiting = new Waiting(head, spec, plan);
                log.accept("  waiting for approval: " + (w.runId().isEmpty() ? "step " + w.stepIndex() + " (" + w.step() + ")"
                        : "shardops approve " + w.runId() + " " + w.stepIndex()));
                yield ledger.settle(head, spec, WatchOutcome.WAITING_FOR_APPROVAL, summary, w.detail(), List.of(), Optional.of(pending(w)), w.runId());
            }
            case Applier.Outcome.Retry r -> {
                // Not the commit's fault: leave it unseen so the next poll hands it over again.
                log.accept("  not applied now: " + r.detail() + "; will retry");
                yield ledger.record();
            }
            case Applier.Outcome.Failed f -> {
                f.errors().forEach(e -> log.accept("  " + e));
                yield ledger.settle(head, spec, WatchOutcome.FAILED, summary, f.detail(), f.errors(), Optional.empty(), f.runId());
            }
        };
    }

    private static String staysAt(WatchRecord record) {
        return record.lastGood().map(c -> "the cluster stays at " + c.shortId()).orElse("nothing applied yet");
    }

    private static PendingApproval pending(Applier.Outcome.WaitingForApproval w) {
        return PendingApproval.of(w.stepIndex(), w.step());
    }

    /** Why a head commit's signature is refused, and what to do about it. */
    private static String untrusted(CommitSignatures.Verdict verdict) {
        return switch (verdict) {
            case CommitSignatures.Verdict.Unsigned u ->
                    "the commit is not signed; with --verify-signatures only commits signed by a key in --trusted-keys are applied";
            case CommitSignatures.Verdict.Untrusted u ->
                    "signed by key " + u.keyId() + ", which is not in --trusted-keys; add its public key there if it should be trusted";
            case CommitSignatures.Verdict.Invalid i -> "bad signature: " + i.reason();
            case CommitSignatures.Verdict.Revoked r -> "signed by key " + r.keyId() + ", which --trusted-keys revokes: " + r.reason();
            case CommitSignatures.Verdict.Expired e -> "signed by key " + e.keyId() + ", which expired " + e.expiredAt()
                    + "; extend it (gpg --quick-set-expire) and export it to --trusted-keys again";
            case CommitSignatures.Verdict.Trusted t -> throw new IllegalStateException("a trusted verdict is not a refusal: " + verdict);
        };
    }

    /** Each step of a plan on its own log line, with the approval it needs. */
    static void logSteps(Plan plan, Consumer<String> log) {
        plan.steps().forEach(st -> log.accept("    " + st.index() + ". " + st.kind().word() + " " + st.target() + ": " + st.description()
                + (st.gated() ? " [needs approval: " + st.approval().word() + "]" : "")));
    }
}
