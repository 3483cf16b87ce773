package io.shardops.reconciler.gitops.watch;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The commits the watcher processed, newest first, at most {@link #LIMIT}: what the console lists as
 * the history of the branch. A commit seen again (a run waiting for approval that then finishes) keeps
 * one entry, updated, so the list reads one line per commit.
 *
 * <p>JSON: {@code {"entries":[{"commit","author","message","outcome","runId","planSummary","at"}, ...]}};
 * {@code outcome} is a {@link WatchOutcome} as a lowercase word ({@code applied}, {@code waiting-for-approval},
 * {@code refused} ...) or {@code drift-corrected}; {@code runId} is null when nothing ran.
 */
public record WatchHistory(List<Entry> entries) {
    public static final int LIMIT = 100;
    public static final WatchHistory EMPTY = new WatchHistory(List.of());
    /** The outcome word of an entry recording a self-heal of drift, not a new commit. */
    public static final String DRIFT_CORRECTED = "drift-corrected";

    public WatchHistory {
        entries = List.copyOf(entries);
    }

    /** One processed commit. */
    public record Entry(String commit, String author, String message, String outcome, String runId, String planSummary, Instant at) {
        static Entry of(CommitInfo c, WatchOutcome outcome, String runId, String planSummary, Instant at) {
            return new Entry(c.id(), c.author(), c.subject(), word(outcome), runId, planSummary, at);
        }

        JsonObject toJson() {
            return new JsonObject().put("commit", commit).put("author", author).put("message", message).put("outcome", outcome)
                    .put("runId", runId == null || runId.isEmpty() ? null : runId).put("planSummary", planSummary).put("at", at.toString());
        }

        static Entry fromJson(JsonObject o) {
            return new Entry(o.getString("commit", ""), o.getString("author", ""), o.getString("message", ""), o.getString("outcome", ""),
                    Objects.requireNonNullElse(o.getString("runId"), ""), o.getString("planSummary", ""), Instant.parse(o.getString("at", Instant.EPOCH.toString())));
        }
    }

    public static String word(WatchOutcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The history with {@code e} at the top: replacing the top entry when it is the same commit's, dropping the oldest beyond the limit. */
    public WatchHistory with(Entry e) {
        List<Entry> next = new ArrayList<>(LIMIT);
        next.add(e);
        boolean sameCommit = !entries.isEmpty() && entries.get(0).commit().equals(e.commit()) && !DRIFT_CORRECTED.equals(e.outcome())
                && !DRIFT_CORRECTED.equals(entries.get(0).outcome());
        for (int i = sameCommit ? 1 : 0; i < entries.size() && next.size() < LIMIT; i++) {
            next.add(entries.get(i));
        }
        return new WatchHistory(next);
    }

    public JsonObject toJson() {
        JsonArray list = new JsonArray();
        entries.forEach(e -> list.add(e.toJson()));
        return new JsonObject().put("entries", list);
    }

    public static WatchHistory fromJson(JsonObject json) {
        return new WatchHistory(json.getJsonArray("entries", new JsonArray()).stream().map(o -> Entry.fromJson((JsonObject) o)).toList());
    }
}
