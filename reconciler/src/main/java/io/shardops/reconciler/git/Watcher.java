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
 * restart skips what is settled and never applies a commit twice.
 */
public final class Watcher implements AutoCloseable {

    /**
     * @param branch   the branch whose head is the desired state
     * @param specPath the spec inside the repository, a file or a folder ("" = the root)
     * @param interval time between fetches without a webhook
     * @param dryRun   plan and report, never apply
     * @param trustedKeys present: a head commit not signed by one of these keys is refused (--verify-signatures)
     */
    public record Options(String branch, String specPath, Duration interval, boolean dryRun, ReadLimits limits,
            Optional<CommitSignatures> trustedKeys) {
        public Options {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("--interval must be positive, not " + interval);
            }
        }

        /** Without signature checks. */
        public Options(String branch, String specPath, Duration interval, boolean dryRun, ReadLimits limits) {
            this(branch, specPath, interval, dryRun, limits, Optional.empty());
        }
    }

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
    private volatile JsonObject lastPlan = new JsonObject();
    private volatile String lastFetchError = "";
    private volatile Instant lastFetchAt = Instant.EPOCH;
    private volatile boolean polling;
    /** Fetch to recorded outcome of the last commit processed: what a webhook-triggered poll costs. */
    private volatile long lastCommitMillis;
    private long pollStarted;
    /** The last good commit's spec: what a dry run without a cluster plans against. */
    private LoadedSpec baseline;

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

    /** One fetch and, for a new head, one plan (and apply). Public for tests and `watch --once`. */
    public WatchRecord pollOnce() {
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
            if (same && before.outcome().map(WatchOutcome::settled).orElse(false)) {
                return before;
            }
            return process(head);
        } finally {
            polling = false;
        }
    }

    private WatchRecord process(CommitInfo head) {
        log.accept("new head " + head);
        if (options.trustedKeys().isPresent()) {
            CommitSignatures.Verdict verdict = repository.verify(head, options.trustedKeys().get());
            if (!(verdict instanceof CommitSignatures.Verdict.Trusted trusted)) {
                String why = untrusted(verdict);
                log.accept("  " + head.shortId() + ": error: " + why);
                return settle(head, WatchOutcome.REFUSED, "", "signature check failed; not applied, "
                        + record.lastGood().map(c -> "the cluster stays at " + c.shortId()).orElse("nothing applied yet"),
                        List.of(head.shortId() + ": error: " + why), Optional.empty());
            }
            log.accept("  signed by " + trusted.keyId() + (trusted.userId().isEmpty() ? "" : " (" + trusted.userId() + ")"));
        }
        LoadedSpec spec = SpecAtCommit.load(repository, head, options.specPath(), options.limits());
        if (!spec.valid()) {
            List<String> errors = spec.errors();
            errors.forEach(e -> log.accept("  " + e));
            return settle(head, WatchOutcome.REFUSED, "", "invalid spec: " + errors.size() + " error(s); not applied, "
                    + record.lastGood().map(c -> "the cluster stays at " + c.shortId()).orElse("nothing applied yet"),
                    errors, Optional.empty());
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
            return settle(head, WatchOutcome.REFUSED, "", "the planner refused this change; not applied", errors, Optional.empty());
        }
        Plan plan = result.plan();
        lastPlan = planJson(head, plan);
        String summary = plan.summary().line();
        log.accept("  " + summary);
        if (!plan.hasChanges()) {
            return settle(head, spec, WatchOutcome.NO_CHANGES, summary, "the cluster already matches", List.of(), Optional.empty());
        }
        Applier.Outcome outcome = applier.apply(new Applier.Request(head, desired, topology, plan, options.dryRun()));
        if (outcome instanceof Applier.Outcome.Applied a) {
            return settle(head, spec, WatchOutcome.APPLIED, summary, a.detail(), List.of(), Optional.empty());
        } else if (outcome instanceof Applier.Outcome.Reported r) {
            return settle(head, spec, WatchOutcome.DRY_RUN, summary, r.detail(), List.of(), Optional.empty());
        } else if (outcome instanceof Applier.Outcome.WaitingForApproval w) {
            return settle(head, spec, WatchOutcome.WAITING_FOR_APPROVAL, summary, w.detail(), List.of(),
                    Optional.of("step " + w.stepIndex() + ": " + w.step()));
        } else if (outcome instanceof Applier.Outcome.Retry r) {
            // Not the commit's fault: leave it unseen so the next poll hands it over again.
            log.accept("  not applied now: " + r.detail() + "; will retry");
            return record;
        } else if (outcome instanceof Applier.Outcome.Failed f) {
            f.errors().forEach(e -> log.accept("  " + e));
            return settle(head, spec, WatchOutcome.FAILED, summary, f.detail(), f.errors(), Optional.empty());
        }
        throw new IllegalStateException("unknown apply outcome " + outcome);
    }

    private WatchRecord settle(CommitInfo commit, WatchOutcome outcome, String summary, String detail,
            List<String> errors, Optional<String> pending) {
        return settle(commit, null, outcome, summary, detail, errors, pending);
    }

    /** @param spec the commit's loaded spec when valid: kept as the next dry run's baseline if the outcome is good */
    private WatchRecord settle(CommitInfo commit, LoadedSpec spec, WatchOutcome outcome, String summary, String detail,
            List<String> errors, Optional<String> pending) {
        if (spec != null && outcome.good()) {
            baseline = spec;
        }
        WatchRecord next = record.after(commit, outcome, summary, detail, errors, pending, clock.instant());
        state.save(next);
        lastCommitMillis = (System.nanoTime() - pollStarted) / 1_000_000;
        record = next;
        log.accept(commit.shortId() + ": " + outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ": " + detail);
        return next;
    }

    private static String untrusted(CommitSignatures.Verdict verdict) {
        if (verdict instanceof CommitSignatures.Verdict.Unsigned) {
            return "the commit is not signed; with --verify-signatures only commits signed by a key in --trusted-keys are applied";
        } else if (verdict instanceof CommitSignatures.Verdict.Untrusted u) {
            return "signed by key " + u.keyId() + ", which is not in --trusted-keys; add its public key there if it should be trusted";
        } else if (verdict instanceof CommitSignatures.Verdict.Invalid i) {
            return "bad signature: " + i.reason();
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
        JsonArray steps = new JsonArray();
        plan.steps().forEach(s -> steps.add(new JsonObject()
                .put("index", s.index())
                .put("kind", s.kind().word())
                .put("target", s.target())
                .put("description", s.description())
                .put("destructive", s.destructive())
                .put("gated", s.gated())));
        return new JsonObject().put("commit", commit.id()).put("summary", plan.summary().line()).put("steps", steps);
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
                .put("lastPlan", lastPlan);
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
