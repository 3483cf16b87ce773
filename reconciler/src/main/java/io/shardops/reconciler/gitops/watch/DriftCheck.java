package io.shardops.reconciler.gitops.watch;

import io.shardops.planner.diff.Planner;
import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.PlanResult;
import io.shardops.planner.plan.PlanSource;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.TopologySource;
import io.shardops.spec.Cluster;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Nothing new in Git: does the live topology still match the last applied commit? Planning from live to that
 * commit's spec must find nothing; anything it finds was changed behind the watcher's back. Drift is reported,
 * and corrected only with self-heal (--self-heal or the spec's policy.selfHeal).
 */
final class DriftCheck {
    private final Watcher.Options options;
    private final Optional<TopologySource> live;
    private final Applier applier;
    private final WatchLedger ledger;
    private final Consumer<String> log;
    private final Clock clock;

    private volatile Drift drift;

    DriftCheck(Watcher.Options options, Optional<TopologySource> live, Applier applier, WatchLedger ledger, Consumer<String> log, Clock clock) {
        this.options = options;
        this.live = live;
        this.applier = applier;
        this.ledger = ledger;
        this.log = log;
        this.clock = clock;
    }

    /** The drift found on the last pass without a new commit, if any. */
    Optional<Drift> drift() {
        return Optional.ofNullable(drift);
    }

    /** A new head: whatever drift was found is measured against a commit no longer the desired state. */
    void forget() {
        drift = null;
    }

    /** Skipped after a failed run (its record says where to resume) and without a cluster. */
    void check() {
        WatchRecord record = ledger.record();
        WatchOutcome last = record.outcome().orElse(WatchOutcome.FAILED);
        if (live.isEmpty() || record.lastApplied().isEmpty() || !(last == WatchOutcome.APPLIED || last == WatchOutcome.NO_CHANGES
                || last == WatchOutcome.REFUSED) || !record.lastApplied().equals(record.lastGood())) {
            return;
        }
        Optional<LoadedSpec> spec = ledger.baseline();
        if (spec.isEmpty()) {
            return;
        }
        CommitInfo applied = record.lastApplied().get();
        Cluster desired = spec.get().cluster().orElseThrow();
        Topology topology;
        try {
            topology = live.get().read(desired.name());
        } catch (Exception e) {
            log.accept("cannot read the live topology to check for drift: " + e.getMessage() + "; will retry");
            return;
        }
        PlanResult result = Planner.plan(desired, topology, PlanSource.ofTopology(topology.revision(), topology.modRevisions()),
                spec.get().asTarget());
        if (result.refused() || !result.plan().hasChanges()) {
            if (drift != null) {
                log.accept("drift gone: the live topology matches " + applied.shortId() + " again");
            }
            drift = null;
            return;
        }
        Plan plan = result.plan();
        boolean known = drift != null && WatchStatus.stepsJson(drift.plan()).equals(WatchStatus.stepsJson(plan));
        if (!known) {
            drift = new Drift(applied, plan, clock.instant());
            log.accept("drift: the live topology no longer matches " + applied + " (not a Git change): " + plan.summary().line());
            CommitReconcile.logSteps(plan, log);
        }
        if (!(options.selfHeal() || desired.policy().selfHeal())) {
            if (!known) {
                log.accept("  reported only; watch --self-heal (or policy.selfHeal: true in the spec) corrects drift");
            }
            return;
        }
        if (!plan.blockingFindings().isEmpty()) {
            if (!known) {
                plan.blockingFindings().forEach(f -> log.accept("  " + f.render() + " [" + f.code() + "]"));
                log.accept("  self-heal held back: the change review found errors in the correcting plan (docs/lint.md)");
            }
            return;
        }
        log.accept("  self-heal: applying " + applied.shortId() + "'s spec again");
        Applier.Outcome outcome = applier.apply(new Applier.Request(applied, desired, topology, plan, options.dryRun()));
        if (outcome instanceof Applier.Outcome.Applied a) {
            log.accept("drift corrected: " + a.detail());
            ledger.remember(new WatchHistory.Entry(applied.id(), applied.author(), applied.subject(), WatchHistory.DRIFT_CORRECTED,
                    a.runId(), plan.summary().line(), clock.instant()));
            drift = null;
        } else {
            log.accept("  self-heal did not finish: " + describe(outcome));
        }
    }

    private static String describe(Applier.Outcome outcome) {
        return switch (outcome) {
            case Applier.Outcome.Applied a -> a.detail();
            case Applier.Outcome.Reported r -> r.detail();
            case Applier.Outcome.WaitingForApproval w -> w.detail();
            case Applier.Outcome.Retry r -> r.detail() + "; will retry";
            case Applier.Outcome.Failed f -> f.detail() + " " + f.errors();
        };
    }
}
