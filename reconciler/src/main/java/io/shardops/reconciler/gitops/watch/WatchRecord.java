package io.shardops.reconciler.gitops.watch;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the watcher has done, as persisted by {@link WatchState} and shown by GET /api/status.
 *
 * @param lastSeen        the last head commit the watcher processed, whatever the outcome
 * @param lastGood        the last commit whose spec became the desired state (applied, no changes, or dry-run)
 * @param lastApplied     the last commit applied to the cluster (not set by a dry run)
 * @param outcome         what happened to {@code lastSeen}
 * @param planSummary     the summary line of {@code lastSeen}'s plan; empty when it was not planned
 * @param detail          one line for a person: what happened, what to do
 * @param errors          the validation or apply errors of {@code lastSeen}, {@code FILE:LINE:COL: error: ...}
 * @param pendingApproval the gated step waiting for approval, when {@code outcome} is WAITING_FOR_APPROVAL
 * @param runId           the apply executor's run of {@code lastSeen}'s plan ({@code reconciler/runs/<id>}), when one ran
 * @param at              when the record was written
 */
public record WatchRecord(
        Optional<CommitInfo> lastSeen,
        Optional<CommitInfo> lastGood,
        Optional<CommitInfo> lastApplied,
        Optional<WatchOutcome> outcome,
        String planSummary,
        String detail,
        List<String> errors,
        Optional<PendingApproval> pendingApproval,
        Optional<String> runId,
        Instant at) {

    public static final WatchRecord NONE = new WatchRecord(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), "", "nothing seen yet", List.of(), Optional.empty(), Optional.empty(), Instant.EPOCH);

    public WatchRecord {
        errors = List.copyOf(errors);
    }

    /** The record after {@code commit} ended with {@code result}. */
    public WatchRecord after(CommitInfo commit, WatchOutcome result, String summary, String detailLine,
            List<String> problems, Optional<PendingApproval> pending, Optional<String> run, Instant now) {
        return new WatchRecord(
                Optional.of(commit),
                result.good() ? Optional.of(commit) : lastGood,
                result == WatchOutcome.APPLIED || result == WatchOutcome.NO_CHANGES ? Optional.of(commit) : lastApplied,
                Optional.of(result), summary, detailLine, problems, pending, run, now);
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("lastSeenCommit", lastSeen.map(WatchRecord::commitJson).orElse(null))
                .put("lastGoodCommit", lastGood.map(WatchRecord::commitJson).orElse(null))
                .put("lastAppliedCommit", lastApplied.map(WatchRecord::commitJson).orElse(null))
                .put("outcome", outcome.map(o -> o.name().toLowerCase(Locale.ROOT).replace('_', '-')).orElse(null))
                .put("planSummary", planSummary)
                .put("detail", detail)
                .put("errors", new JsonArray(List.copyOf(errors)))
                .put("pendingApproval", pendingApproval.map(PendingApproval::line).orElse(null))
                .put("pendingStep", pendingApproval.map(PendingApproval::step).orElse(null))
                .put("runId", runId.orElse(null))
                .put("at", at.toString());
        return json;
    }

    public static WatchRecord fromJson(JsonObject json) {
        return new WatchRecord(
                commit(json.getJsonObject("lastSeenCommit")),
                commit(json.getJsonObject("lastGoodCommit")),
                commit(json.getJsonObject("lastAppliedCommit")),
                Optional.ofNullable(json.getString("outcome")).map(o -> WatchOutcome.valueOf(o.toUpperCase(Locale.ROOT).replace('-', '_'))),
                json.getString("planSummary", ""),
                json.getString("detail", ""),
                json.getJsonArray("errors", new JsonArray()).stream().map(String::valueOf).toList(),
                pendingApproval(json),
                Optional.ofNullable(json.getString("runId")),
                Instant.parse(json.getString("at", Instant.EPOCH.toString())));
    }

    /** Empty for a record without the step number (written before it was kept): the next poll records the wait again. */
    private static Optional<PendingApproval> pendingApproval(JsonObject json) {
        Integer step = json.getInteger("pendingStep");
        String line = json.getString("pendingApproval");
        return step == null || line == null ? Optional.empty() : Optional.of(new PendingApproval(step, line));
    }

    static JsonObject commitJson(CommitInfo c) {
        return new JsonObject().put("id", c.id()).put("subject", c.subject()).put("author", c.author()).put("time", c.time().toString());
    }

    static Optional<CommitInfo> commit(JsonObject json) {
        if (json == null) {
            return Optional.empty();
        }
        return Optional.of(new CommitInfo(json.getString("id"), json.getString("subject", ""), json.getString("author", ""),
                Instant.parse(json.getString("time", Instant.EPOCH.toString()))));
    }
}
