package io.shardops.reconciler.gitops.watch;

import io.shardops.planner.plan.Plan;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of the watcher as GET /api/status (and the console) shows it: the record, what is watched, the
 * last fetch, the last plan, the command that approves the step a run waits at, drift and the history.
 *
 * @param lastPlan the last plan of a new commit, as {@link #planJson}; empty before the first
 */
record WatchStatus(WatchRecord record, Watcher.Options options, Instant lastFetchAt, String lastFetchError, boolean polling,
        long polls, long lastCommitMillis, JsonObject lastPlan, Optional<Drift> drift, WatchHistory history) {

    JsonObject toJson() {
        return record.toJson()
                .put("watching", new JsonObject()
                        .put("branch", options.branch())
                        .put("path", options.specPath().isEmpty() ? "." : options.specPath())
                        .put("intervalSeconds", options.interval().toSeconds())
                        .put("dryRun", options.dryRun()))
                .put("lastFetch", new JsonObject()
                        .put("at", lastFetchAt.toString())
                        .put("error", lastFetchError.isEmpty() ? null : lastFetchError))
                .put("polling", polling)
                .put("polls", polls)
                .put("lastCommitMillis", lastCommitMillis)
                .put("lastPlan", lastPlan)
                .put("approveCommand", approveCommand(record).orElse(null))
                .put("drift", drift.map(Drift::toJson).orElse(null))
                .put("history", history.toJson().getJsonArray("entries"));
    }

    /** {@code shardops approve RUN STEP} for the step the record's run waits at. */
    static Optional<String> approveCommand(WatchRecord r) {
        if (!r.outcome().equals(Optional.of(WatchOutcome.WAITING_FOR_APPROVAL)) || r.runId().isEmpty()) {
            return Optional.empty();
        }
        return r.pendingApproval().map(p -> "shardops approve " + r.runId().get() + " " + p.step());
    }

    static JsonObject planJson(CommitInfo commit, Plan plan) {
        return new JsonObject().put("commit", commit.id()).put("summary", plan.summary().line()).put("steps", stepsJson(plan));
    }

    static JsonArray stepsJson(Plan plan) {
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
}
