package io.shardops.reconciler.gitops.watch;

import io.shardops.planner.plan.Plan;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The live topology no longer matches the last applied commit: {@code plan} is what it would take
 * to make it match again. Found on a pass without a new commit; a Git change is never drift.
 */
public record Drift(CommitInfo against, Plan plan, Instant detectedAt) {
    public JsonObject toJson() {
        return new JsonObject().put("commit", against.id()).put("summary", plan.summary().line())
                .put("steps", WatchStatus.stepsJson(plan)).put("detectedAt", detectedAt.toString());
    }
}
