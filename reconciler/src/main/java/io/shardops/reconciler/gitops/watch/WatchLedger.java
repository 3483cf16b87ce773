package io.shardops.reconciler.gitops.watch;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the watcher has settled: the {@link WatchRecord} saved after every commit (a restart skips what is
 * settled and never applies a commit twice), the history people read, and the spec of the last good commit
 * (what a dry run without a cluster plans against, and what drift is measured from).
 */
final class WatchLedger {
    private final SpecRepository repository;
    private final Watcher.Options options;
    private final WatchState state;
    private final Consumer<String> log;
    private final Clock clock;

    private volatile WatchRecord record;
    private volatile WatchHistory history;
    /** Fetch to recorded outcome of the last commit processed: what a webhook-triggered poll costs. */
    private volatile long lastCommitMillis;
    private long pollStarted;
    private LoadedSpec baseline;

    WatchLedger(SpecRepository repository, Watcher.Options options, WatchState state, Consumer<String> log, Clock clock) {
        this.repository = repository;
        this.options = options;
        this.state = state;
        this.log = log;
        this.clock = clock;
        this.record = state.load();
        this.history = state.history();
    }

    WatchRecord record() {
        return record;
    }

    WatchHistory history() {
        return history;
    }

    long lastCommitMillis() {
        return lastCommitMillis;
    }

    /** A poll begins: what {@link #lastCommitMillis()} counts from. */
    void pollStarted() {
        pollStarted = System.nanoTime();
    }

    /**
     * Records what happened to {@code commit}, saves it, and logs it.
     *
     * @param spec the commit's loaded spec when valid (else null): kept as the baseline if the outcome is good
     * @param runId the executor's run, "" when none ran
     */
    WatchRecord settle(CommitInfo commit, LoadedSpec spec, WatchOutcome outcome, String summary, String detail,
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

    void remember(WatchHistory.Entry entry) {
        history = history.with(entry);
        try {
            state.saveHistory(history);
        } catch (RuntimeException e) {
            // the history is for people to read; the record saved before it is what the loop relies on
            log.accept("cannot save the watch history: " + e.getMessage());
        }
    }

    /** The spec of the last good commit, loaded again only when that commit changes. */
    Optional<LoadedSpec> baseline() {
        Optional<CommitInfo> good = record.lastGood();
        if (good.isEmpty()) {
            return Optional.empty();
        }
        if (baseline == null || !baseline.commit().id().equals(good.get().id())) {
            baseline = SpecAtCommit.load(repository, good.get(), options.specPath(), options.limits());
        }
        return baseline.valid() ? Optional.of(baseline) : Optional.empty();
    }

    static Optional<String> runIdOf(String runId) {
        return runId == null || runId.isEmpty() ? Optional.empty() : Optional.of(runId);
    }
}
