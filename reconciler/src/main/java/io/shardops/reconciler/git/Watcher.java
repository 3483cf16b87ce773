package io.shardops.reconciler.git;

import io.shardops.planner.diff.Planner;
import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.PlanSource;
import io.shardops.planner.plan.PlanError;
import io.shardops.planner.plan.PlanResult;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.TopologyOf;
import io.shardops.planner.topology.TopologySource;
import io.shardops.spec.Cluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The GitOps loop. On a timer (with jitter, so many watchers do not fetch in step) and at once when a
 * webhook says the branch moved, it fetches; for a new head commit it loads and validates the spec
 * from the commit, plans against the live topology and hands the plan to the {@link Applier}.
 * Everything runs on one thread: a commit that arrives during a long apply waits, and its plan starts
 * from the state the running one leaves. The {@link WatchRecord} is saved after every commit so a
 * restart skips what is settled and never applies a commit twice. A run stopped at a gated step is
 * handed over again, with the same plan, on every pass until it is approved; a pass with nothing new in
 * Git checks the live topology against the last applied commit and reports drift (self-heal corrects it).
 */
public final class Watcher implements AutoCloseable {

    /**
     * @param branch   the branch whose head is the desired state
     * @param specPath the spec inside the repository, a file or a folder ("" = the root)
     * @param interval time between fetches without a webhook
     * @param dryRun   plan and report, never apply
     * @param trustedKeys present: a head commit not signed by one of these keys is refused (--verify-signatures)
     * @param selfHeal correct drift from the last applied commit by applying its spec again (also the spec's policy.selfHeal)
     */
    public record Options(String branch, String specPath, Duration interval, boolean dryRun, ReadLimits limits,
            Optional<CommitSignatures> trustedKeys, boolean selfHeal) {
        public Options {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("--interval must be positive, not " + interval);
            }
        }

        /** Drift reported, not corrected (unless the spec's policy says selfHeal). */
        public Options(String branch, String specPath, Duration interval, boolean dryRun, ReadLimits limits,
                Optional<CommitSignatures> trustedKeys) {
            this(branch, specPath, interval, dryRun, limits, trustedKeys, false);
        }

        /** Without signature checks. */
        public Options(String branch, String specPath, Duration interval, boolean dryRun, ReadLimits limits) {
            this(branch, specPath, interval, dryRun, limits, Optional.empty());
        }
    }

    /**
     * The live topology no longer matches the last applied commit: {@code plan} is what it would take
     * to make it match again. Found on a pass without a new commit; a Git change is never drift.
     */
    public record Drift(CommitInfo against, Plan plan, Instant detectedAt) {
        public JsonObject toJson() {
            return new JsonObject().put("commit", against.id()).put("summary", plan.summary().line())
                    .put("steps", stepsJson(plan)).put("detectedAt", detectedAt.toString());
        }
    }

    /** A run stopped at a gated step, kept so each pass resumes that very run (planning again would make a new one). */
    private record Waiting(CommitInfo commit, LoadedSpec spec, Plan plan) {}

    private final SpecRepository repository;
    private final Options options;
    private final Optional<TopologySource> live;
    private final Applier applier;
    private final WatchState state;
    private final Consumer<String> log;
    private final Clock clock;
    private final ScheduledExecutorService loop;
    private final AtomicBoolean pollQueued = new AtomicBoolean();
    private final AtomicLong polls = new AtomicLong();

    private volatile WatchRecord record;
    private volatile WatchHistory history;
    private volatile JsonObject lastPlan = new JsonObject();
    private volatile String lastFetchError = "";
    private volatile Instant lastFetchAt = Instant.EPOCH;
    private volatile boolean polling;
    private volatile Drift drift;
    /** Fetch to recorded outcome of the last commit processed: what a webhook-triggered poll costs. */
    private volatile long lastCommitMillis;
    private long pollStarted;
    /** The last good commit's spec: what a dry run without a cluster plans against, and what drift is measured from. */
    private LoadedSpec baseline;
    private Waiting waiting;

    /**
     * @param live absent: plan against the topology of the last good commit's spec (a dry run without a cluster)
     */
    public Watcher(SpecRepository repository, Options options, Optional<TopologySource> live, Applier applier,
            WatchState state, Consumer<String> log, Clock clock) {
        this.repository = repository;
        this.options = options;
        this.live = live;
        this.applier = applier;
        this.state = state;
        this.log = log;
        this.clock = clock;
        this.record = state.load();
        this.history = state.history();
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shardops-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /** Polls now, then every interval (plus or minus a tenth) until closed. */
    public void start() {
        record.lastSeen().ifPresent(c -> log.accept("resuming after " + c + " (" + record.outcome().map(Enum::name).orElse("?") + ")"));
        loop.execute(this::timedPoll);
    }

    /** Asks for a poll as soon as the loop is free; calls while one is queued are merged into it. */
    public void pollSoon() {
        if (pollQueued.compareAndSet(false, true)) {
            try {
                loop.execute(() -> {
                    pollQueued.set(false);
                    pollGuarded();
                });
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                pollQueued.set(false); // the watcher is shutting down; nothing left to poll for
            }
        }
    }

    private void timedPoll() {
        pollGuarded();
        long millis = options.interval().toMillis();
        long jitter = millis / 10;
        long next = millis + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(-jitter, jitter + 1));
        if (!loop.isShutdown()) {
            loop.schedule(this::timedPoll, next, TimeUnit.MILLISECONDS);
        }
    }

    private void pollGuarded() {
        try {
            pollOnce();
        } catch (RuntimeException e) {
            // The loop must survive anything one commit or one fetch throws; the next poll tries again.
            log.accept("poll failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * One fetch and, for a new head, one plan (and apply); for the same head, the run waiting for approval
     * resumed, or else a check for drift. Public for tests, the demo and `watch --once`; calls from other
     * threads wait for the loop's poll to end.
     */
    public synchronized WatchRecord pollOnce() {
        polling = true;
        polls.incrementAndGet();
        pollStarted = System.nanoTime();
        try {
            try {
                repository.fetch();
                lastFetchAt = clock.instant();
                lastFetchError = "";
            } catch (GitException e) {
                lastFetchError = e.getMessage();
                log.accept("fetch failed: " + e.getMessage());
                return record;
            }
            CommitInfo head;
            try {
                head = repository.branchHead(options.branch());
            } catch (GitException e) {
                lastFetchError = e.getMessage();
                log.accept(e.getMessage());
                return record;
            }
            WatchRecord before = record;
            boolean same = before.lastSeen().map(c -> c.id().equals(head.id())).orElse(false);
            boolean waitingBefore = before.outcome().equals(Optional.of(WatchOutcome.WAITING_FOR_APPROVAL));
            if (same && waitingBefore) {
                return resume(head);
            }
            if (same) {
                checkDrift();
                return record;
            }
            if (waitingBefore) {
                log.accept("new head " + head.shortId() + " while " + before.runId().orElse("the run") + " waits for approval ("
                        + before.pendingApproval().map(PendingApproval::line).orElse("?") + "): planning " + head.shortId() + " instead; that approval does not carry"
                        + " over to the new plan's run");
            }
            waiting = null;
            drift = null;
            return process(head);
        } finally {
            polling = false;
        }
    }

    private WatchRecord process(CommitInfo head) {
        log.accept("new head " + head);
        if (options.trustedKeys().isPresent()) {
            CommitSignatures.ChainVerdict chain = repository.verifySince(head, record.lastGood(), options.trustedKeys().get(), clock.instant());
            CommitSignatures.Verdict verdict = chain.verdict();
            if (!(verdict instanceof CommitSignatures.Verdict.Trusted trusted)) {
                String why = (chain.commitId().equals(head.id()) ? "" : "commit " + chain.commitId().substring(0, 12)
                        + " (in the history since " + record.lastGood().map(CommitInfo::shortId).orElse("the root") + "): ") + untrusted(verdict);
                log.accept("  " + head.shortId() + ": error: " + why);
                return settle(head, null, WatchOutcome.REFUSED, "", "signature check failed; not applied, "
                        + record.lastGood().map(c -> "the cluster stays at " + c.shortId()).orElse("nothing applied yet"),
                        List.of(head.shortId() + ": error: " + why), Optional.empty(), "");
            }
            log.accept("  signed by " + trusted.keyId() + (trusted.userId().isEmpty() ? "" : " (" + trusted.userId() + ")")
                    + (chain.checked() > 1 ? "; all " + chain.checked() + " commits since " + record.lastGood().map(CommitInfo::shortId).orElse("the root") + " signed by trusted keys" : ""));
        }
        LoadedSpec spec = SpecAtCommit.load(repository, head, options.specPath(), options.limits());
        if (!spec.valid()) {
            List<String> errors = spec.errors();
            errors.forEach(e -> log.accept("  " + e));
            return settle(head, null, WatchOutcome.REFUSED, "", "invalid spec: " + errors.size() + " error(s); not applied, "
                    + record.lastGood().map(c -> "the cluster stays at " + c.shortId()).orElse("nothing applied yet"),
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
                Optional<LoadedSpec> base = baseline();
                topology = base.flatMap(LoadedSpec::cluster).map(TopologyOf::spec).orElseGet(() -> Topology.empty(desired.name()));
                from = base.map(LoadedSpec::asSource).orElseGet(() -> PlanSource.ofTopology(0, java.util.Map.of()));
            }
        } catch (Exception e) {
            // Not the commit's fault: leave it unseen so the next poll tries again.
            log.accept("cannot read the live topology: " + e.getMessage() + "; will retry");
            return record;
        }
        PlanResult result = Planner.plan(desired, topology, from, spec.asTarget());
        if (result.refused()) {
            List<String> errors = result.errors().stream().map(PlanError::format).toList();
            errors.forEach(e -> log.accept("  " + e));
            return settle(head, null, WatchOutcome.REFUSED, "", "the planner refused this change; not applied", errors, Optional.empty(), "");
        }
        Plan plan = result.plan();
        lastPlan = planJson(head, plan);
        String summary = plan.summary().line();
        log.accept("  " + summary);
        logSteps(plan);
        if (!plan.hasChanges()) {
            return settle(head, spec, WatchOutcome.NO_CHANGES, summary, "the cluster already matches", List.of(), Optional.empty(), "");
        }
        return settle(head, spec, plan, applier.apply(new Applier.Request(head, desired, topology, plan, options.dryRun())));
    }

    /**
     * The head is the commit whose run waits for approval: hand the same plan over again, so the executor
     * resumes that run past the step once it is approved. After a restart the plan comes from the applier's
     * record of the run; without one (an applier that keeps none) the commit is planned again.
     */
    private WatchRecord resume(CommitInfo head) {
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
        if (outcome instanceof Applier.Outcome.WaitingForApproval still && record.runId().equals(runIdOf(still.runId()))
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
        if (outcome instanceof Applier.Outcome.Applied a) {
            return settle(head, spec, WatchOutcome.APPLIED, summary, a.detail(), List.of(), Optional.empty(), a.runId());
        } else if (outcome instanceof Applier.Outcome.Reported r) {
            return settle(head, spec, WatchOutcome.DRY_RUN, summary, r.detail(), List.of(), Optional.empty(), "");
        } else if (outcome instanceof Applier.Outcome.WaitingForApproval w) {
            waiting = new Waiting(head, spec, plan);
            log.accept("  waiting for approval: " + (w.runId().isEmpty() ? "step " + w.stepIndex() + " (" + w.step() + ")"
                    : "shardops approve " + w.runId() + " " + w.stepIndex()));
            return settle(head, spec, WatchOutcome.WAITING_FOR_APPROVAL, summary, w.detail(), List.of(), Optional.of(pending(w)), w.runId());
        } else if (outcome instanceof Applier.Outcome.Retry r) {
            // Not the commit's fault: leave it unseen so the next poll hands it over again.
            log.accept("  not applied now: " + r.detail() + "; will retry");
            return record;
        } else if (outcome instanceof Applier.Outcome.Failed f) {
            f.errors().forEach(e -> log.accept("  " + e));
            return settle(head, spec, WatchOutcome.FAILED, summary, f.detail(), f.errors(), Optional.empty(), f.runId());
        }
        throw new IllegalStateException("unknown apply outcome " + outcome);
    }

    private static PendingApproval pending(Applier.Outcome.WaitingForApproval w) {
        return PendingApproval.of(w.stepIndex(), w.step());
    }

    private static Optional<String> runIdOf(String runId) {
        return runId == null || runId.isEmpty() ? Optional.empty() : Optional.of(runId);
    }

    /**
     * @param spec the commit's loaded spec when valid (else null): kept as the next dry run's baseline if the outcome is good
     * @param runId the executor's run, "" when none ran
     */
    private WatchRecord settle(CommitInfo commit, LoadedSpec spec, WatchOutcome outcome, String summary, String detail,
            List<String> errors, Optional<PendingApproval> pending, String runId) {
        if (spec != null && outcome.good()) {
            baseline = spec;
        }
        WatchRecord next = record.after(commit, outcome, summary, detail, errors, pending, runIdOf(runId), clock.instant());
        state.save(next);
        lastCommitMillis = (System.nanoTime() - pollStarted) / 1_000_000;
        record = next;
        log.accept(commit.shortId() + ": " + WatchHistory.word(outcome) + ": " + detail);
        remember(WatchHistory.Entry.of(commit, outcome, runId, summary, next.at()));
        return next;
    }

    private void remember(WatchHistory.Entry entry) {
        history = history.with(entry);
        try {
            state.saveHistory(history);
        } catch (RuntimeException e) {
            // the history is for people to read; the record saved before it is what the loop relies on
            log.accept("cannot save the watch history: " + e.getMessage());
        }
    }

    /**
     * Nothing new in Git: does the live topology still match the last applied commit? Planning from live to
     * that commit's spec must find nothing; anything it finds was changed behind the watcher's back. Drift is
     * reported, and corrected only with self-heal. Skipped after a failed run (its record says where to resume)
     * and without a cluster.
     */
    private void checkDrift() {
        WatchOutcome last = record.outcome().orElse(WatchOutcome.FAILED);
        if (live.isEmpty() || record.lastApplied().isEmpty() || !(last == WatchOutcome.APPLIED || last == WatchOutcome.NO_CHANGES
                || last == WatchOutcome.REFUSED) || !record.lastApplied().equals(record.lastGood())) {
            return;
        }
        Optional<LoadedSpec> spec = baseline();
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
        boolean known = drift != null && stepsJson(drift.plan()).equals(stepsJson(plan));
        if (!known) {
            drift = new Drift(applied, plan, clock.instant());
            log.accept("drift: the live topology no longer matches " + applied + " (not a Git change): " + plan.summary().line());
            logSteps(plan);
        }
        if (!(options.selfHeal() || desired.policy().selfHeal())) {
            if (!known) {
                log.accept("  reported only; watch --self-heal (or policy.selfHeal: true in the spec) corrects drift");
            }
            return;
        }
        log.accept("  self-heal: applying " + applied.shortId() + "'s spec again");
        Applier.Outcome outcome = applier.apply(new Applier.Request(applied, desired, topology, plan, options.dryRun()));
        if (outcome instanceof Applier.Outcome.Applied a) {
            log.accept("drift corrected: " + a.detail());
            remember(new WatchHistory.Entry(applied.id(), applied.author(), applied.subject(), WatchHistory.DRIFT_CORRECTED,
                    a.runId(), plan.summary().line(), clock.instant()));
            drift = null;
        } else {
            log.accept("  self-heal did not finish: " + describe(outcome));
        }
    }

    private static String describe(Applier.Outcome outcome) {
        if (outcome instanceof Applier.Outcome.Applied a) {
            return a.detail();
        } else if (outcome instanceof Applier.Outcome.Reported r) {
            return r.detail();
        } else if (outcome instanceof Applier.Outcome.WaitingForApproval w) {
            return w.detail();
        } else if (outcome instanceof Applier.Outcome.Retry r) {
            return r.detail() + "; will retry";
        } else if (outcome instanceof Applier.Outcome.Failed f) {
            return f.detail() + " " + f.errors();
        }
        throw new IllegalStateException("unknown apply outcome " + outcome);
    }

    private void logSteps(Plan plan) {
        plan.steps().forEach(st -> log.accept("    " + st.index() + ". " + st.kind().word() + " " + st.target() + ": " + st.description()
                + (st.gated() ? " [needs approval: " + st.approval().word() + "]" : "")));
    }

    private static String untrusted(CommitSignatures.Verdict verdict) {
        if (verdict instanceof CommitSignatures.Verdict.Unsigned) {
            return "the commit is not signed; with --verify-signatures only commits signed by a key in --trusted-keys are applied";
        } else if (verdict instanceof CommitSignatures.Verdict.Untrusted u) {
            return "signed by key " + u.keyId() + ", which is not in --trusted-keys; add its public key there if it should be trusted";
        } else if (verdict instanceof CommitSignatures.Verdict.Invalid i) {
            return "bad signature: " + i.reason();
        } else if (verdict instanceof CommitSignatures.Verdict.Revoked r) {
            return "signed by key " + r.keyId() + ", which --trusted-keys revokes: " + r.reason();
        } else if (verdict instanceof CommitSignatures.Verdict.Expired e) {
            return "signed by key " + e.keyId() + ", which expired " + e.expiredAt() + "; extend it (gpg --quick-set-expire) and export it to --trusted-keys again";
        }
        throw new IllegalStateException("a trusted verdict is not a refusal: " + verdict);
    }

    /** The spec of the last good commit, loaded again only when that commit changes. */
    private Optional<LoadedSpec> baseline() {
        Optional<CommitInfo> good = record.lastGood();
        if (good.isEmpty()) {
            return Optional.empty();
        }
        if (baseline == null || !baseline.commit().id().equals(good.get().id())) {
            baseline = SpecAtCommit.load(repository, good.get(), options.specPath(), options.limits());
        }
        return baseline.valid() ? Optional.of(baseline) : Optional.empty();
    }

    private static JsonObject planJson(CommitInfo commit, Plan plan) {
        return new JsonObject().put("commit", commit.id()).put("summary", plan.summary().line()).put("steps", stepsJson(plan));
    }

    private static JsonArray stepsJson(Plan plan) {
        JsonArray steps = new JsonArray();
        plan.steps().forEach(s -> steps.add(new JsonObject()
                .put("index", s.index())
                .put("kind", s.kind().word())
                .put("target", s.target())
                .put("description", s.description())
                .put("destructive", s.destructive())
                .put("gated", s.gated())));
        return steps;
    }

    public WatchRecord record() {
        return record;
    }

    /** The body of GET /api/status: a snapshot, safe to call from any thread. */
    public JsonObject status() {
        WatchRecord r = record;
        return r.toJson()
                .put("watching", new JsonObject()
                        .put("branch", options.branch())
                        .put("path", options.specPath().isEmpty() ? "." : options.specPath())
                        .put("intervalSeconds", options.interval().toSeconds())
                        .put("dryRun", options.dryRun()))
                .put("lastFetch", new JsonObject()
                        .put("at", lastFetchAt.toString())
                        .put("error", lastFetchError.isEmpty() ? null : lastFetchError))
                .put("polling", polling)
                .put("polls", polls.get())
                .put("lastCommitMillis", lastCommitMillis)
                .put("lastPlan", lastPlan)
                .put("approveCommand", approveCommand(r).orElse(null))
                .put("drift", Optional.ofNullable(drift).map(Drift::toJson).orElse(null))
                .put("history", history.toJson().getJsonArray("entries"));
    }

    /** {@code shardops approve RUN STEP} for the step the record's run waits at. */
    static Optional<String> approveCommand(WatchRecord r) {
        if (!r.outcome().equals(Optional.of(WatchOutcome.WAITING_FOR_APPROVAL)) || r.runId().isEmpty()) {
            return Optional.empty();
        }
        return r.pendingApproval().map(p -> "shardops approve " + r.runId().get() + " " + p.step());
    }

    /** The drift found on the last pass without a new commit, if any. */
    public Optional<Drift> drift() {
        return Optional.ofNullable(drift);
    }

    public WatchHistory history() {
        return history;
    }

    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
