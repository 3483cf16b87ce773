package io.shardops.reconciler.gitops.webhook;

import io.vertx.core.json.JsonObject;

/** The GitHub webhook events the reconciler understands, named by the {@code X-GitHub-Event} header. */
public sealed interface GitHubEvent {

    /** Commits pushed to a ref ({@code refs/heads/main}); {@code after} is the new head, all zeros for a deletion. */
    record Push(String ref, String after, boolean deleted) implements GitHubEvent {
        private static final String BRANCH_PREFIX = "refs/heads/";

        public boolean updates(String branch) {
            return !deleted && ref.equals(BRANCH_PREFIX + branch);
        }
    }

    /** A pull request opened, synchronised, closed, ...; previews of it run in CI (examples/ci). */
    record PullRequest(String action, long number, String baseRef, String headSha) implements GitHubEvent {}

    /** Sent once when a webhook is created. */
    record Ping(String hookId) implements GitHubEvent {}

    /** Any other event: acknowledged and ignored. */
    record Unsupported(String name) implements GitHubEvent {}

    /** Thrown when an event's payload lacks a field the reconciler needs. */
    final class MalformedEventException extends Exception {
        MalformedEventException(String message) {
            super(message);
        }
    }

    static GitHubEvent parse(String name, JsonObject payload) throws MalformedEventException {
        try {
            return switch (name) {
                case "push" -> new Push(
                        text(payload, "ref"),
                        text(payload, "after"),
                        payload.getBoolean("deleted", false));
                case "pull_request" -> {
                    JsonObject pr = required(payload.getJsonObject("pull_request"), "pull_request");
                    yield new PullRequest(
                            text(payload, "action"),
                            required(payload.getLong("number"), "number"),
                            text(required(pr.getJsonObject("base"), "pull_request.base"), "ref"),
                            text(required(pr.getJsonObject("head"), "pull_request.head"), "sha"));
                }
                case "ping" -> new Ping(String.valueOf(payload.getValue("hook_id", "")));
                default -> new Unsupported(name);
            };
        } catch (ClassCastException wrongType) {
            throw new MalformedEventException(name + " event: a field has the wrong type (" + wrongType.getMessage() + ")");
        }
    }

    /** A string field, strictly: Vert.x would turn a number into a string, GitHub never sends one. */
    private static String text(JsonObject object, String field) throws MalformedEventException {
        if (!(required(object.getValue(field), field) instanceof String value)) {
            throw new MalformedEventException("the event's field '" + field + "' is not a string");
        }
        return value;
    }

    private static <T> T required(T value, String field) throws MalformedEventException {
        if (value == null) {
            throw new MalformedEventException("the event lacks the field '" + field + "'");
        }
        return value;
    }
}
