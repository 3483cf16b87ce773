package io.shardops.reconciler.gitops.watch;

import io.shardops.planner.topology.TopologySource;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The GitOps loop. On a timer (with jitter, so many watchers do not fetch in step) and at once when a
 * webhook says the branch moved, it fetches; a new head commit goes to {@link CommitReconcile} (load,
 * validate, plan against the live topology, hand to the {@link Applier}). Everything runs on one thread: a
 * commit that arrives during a long apply waits, and its plan starts from the state the running one leaves.
 * The {@link WatchLedger} saves a record after every commit so a restart skips what is settled and never
 * applies a commit twice. A run stopped at a gated step is handed over again, with the same plan, on every
 * pass until it is approved; a pass with nothing new in Git runs the {@link DriftCheck}.
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

    private final SpecRepository repository;
    private final Options options;
    private final Consumer<String> log;
    private final Clock clock;
    private final WatchLedger ledger;
    private final CommitReconcile commits;
    private final DriftCheck drift;
    private final ScheduledExecutorService loop;
    private final AtomicBoolean pollQueued = new AtomicBoolean();
    private final AtomicLong polls = new AtomicLong();

    private volatile String lastFetchError = "";
    private volatile Instant lastFetchAt = Instant.EPOCH;
    private volatile boolean polling;

    /**
     * @param live absent: plan against the topology of the last good commit's spec (a dry run without a cluster)
     */
    public Watcher(SpecRepository repository, Options options, Optional<TopologySource> live, Applier applier,
            WatchState state, Consumer<String> log, Clock clock) {
        this.repository = repository;
        this.options = options;
        this.log = log;
        this.clock = clock;
        this.ledger = new WatchLedger(repository, options, state, log, clock);
        this.commits = new CommitReconcile(repository, options, live, applier, ledger, log, clock);
        this.drift = new DriftCheck(options, live, applier, ledger, log, clock);
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shardops-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /** Polls now, then every interval (plus or minus a tenth) until closed. */
    public void start() {
        WatchRecord record = ledger.record();
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
            } catch (RejectedExecutionException closing) {
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
        ledger.pollStarted();
        try {
            try {
                repository.fetch();
                lastFetchAt = clock.instant();
                lastFetchError = "";
            } catch (GitException e) {
                lastFetchError = e.getMessage();
                log.accept("fetch failed: " + e.getMessage());
                return ledger.record();
            }
            CommitInfo head;
            try {
                head = repository.branchHead(options.branch());
            } catch (GitException e) {
                lastFetchError = e.getMessage();
                log.accept(e.getMessage());
                return ledger.record();
            }
            WatchRecord before = ledger.record();
            boolean same = before.lastSeen().map(c -> c.id().equals(head.id())).orElse(false);
            boolean waitingBefore = before.outcome().equals(Optional.of(WatchOutcome.WAITING_FOR_APPROVAL));
            if (same && waitingBefore) {
                return commits.resume(head);
            }
            if (same) {
                drift.check();
                return ledger.record();
            }
            if (waitingBefore) {
                log.accept("new head " + head.shortId() + " while " + before.runId().orElse("the run") + " waits for approval ("
                        + before.pendingApproval().map(PendingApproval::line).orElse("?") + "): planning " + head.shortId() + " instead; that approval does not carry"
                        + " over to the new plan's run");
            }
            commits.forgetWaiting();
            drift.forget();
            return commits.process(head);
        } finally {
            polling = false;
        }
    }

    public WatchRecord record() {
        return ledger.record();
    }

    /** The body of GET /api/status: a snapshot, safe to call from any thread. */
    public JsonObject status() {
        return new WatchStatus(ledger.record(), options, lastFetchAt, lastFetchError, polling, polls.get(), ledger.lastCommitMillis(),
                commits.lastPlan(), drift.drift(), ledger.history()).toJson();
    }

    /** The drift found on the last pass without a new commit, if any. */
    public Optional<Drift> drift() {
        return drift.drift();
    }

    public WatchHistory history() {
        return ledger.history();
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
