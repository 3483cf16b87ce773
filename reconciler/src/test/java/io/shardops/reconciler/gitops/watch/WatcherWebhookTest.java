package io.shardops.reconciler.gitops.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.shardops.reconciler.gitops.server.ReconcilerServer;
import io.shardops.reconciler.gitops.webhook.WebhookHandler;
import io.shardops.reconciler.gitops.webhook.WebhookSecret;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher behind its HTTP server, as `shardops watch --webhook-port` runs it; only webhooks trigger polls here. */
class WatcherWebhookTest {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aSignedPushIsPlannedAndAForgedOneChangesNothing() throws Exception {
        WebhookSecret secret = WebhookSecret.of("s3cret");
        try (TestRepos repos = TestRepos.create(dir);
                SpecRepository mirror = SpecRepository.mirror(repos.bare().toString(), dir.resolve("mirror.git"));
                Watcher watcher = new Watcher(mirror,
                        new Watcher.Options("main", Phases.SPEC_DIR, Duration.ofHours(1), true, ReadLimits.DEFAULT),
                        Optional.empty(), Applier.DRY_RUN, new FileWatchState(dir.resolve("state.json")), line -> { }, Clock.systemUTC());
                ReconcilerServer server = ReconcilerServer.start("127.0.0.1", 0,
                        Optional.of(new WebhookHandler(secret, "main", push -> watcher.pollSoon())), watcher::status)) {
            // No timer started: only a webhook makes the watcher look.
            String c101 = repos.commitAndPush("101", Phases.phase("101_initial_cluster.yaml"));
            String forgedBody = pushEvent(c101);
            assertEquals(401, post(server, forgedBody, WebhookSecret.of("guess").signatureOf(bytes(forgedBody))));
            assertEquals(401, post(server, forgedBody, null));
            Thread.sleep(300);
            assertNull(status(server).getJsonObject("lastSeenCommit"), "a forged webhook triggers nothing");
            assertEquals(0L, status(server).getLong("polls"));

            assertEquals(202, post(server, forgedBody, secret.signatureOf(bytes(forgedBody))));
            JsonObject planned = awaitSeen(server, c101);
            assertEquals("dry-run", planned.getString("outcome"));
            assertEquals("Plan: ", planned.getString("planSummary").substring(0, 6));
        }
    }

    private JsonObject awaitSeen(ReconcilerServer server, String commit) throws Exception {
        for (int i = 0; i < 300; i++) {
            JsonObject s = status(server);
            JsonObject seen = s.getJsonObject("lastSeenCommit");
            if (seen != null && commit.equals(seen.getString("id"))) {
                return s;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("commit " + commit + " never showed in /api/status: " + status(server).encodePrettily());
    }

    private static String pushEvent(String after) {
        return new JsonObject().put("ref", "refs/heads/main").put("after", after).put("deleted", false).encode();
    }

    private int post(ReconcilerServer server, String body, String signature) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/webhook"))
                .header("X-GitHub-Event", "push").header("Content-Type", "application/json")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            b.header("X-Hub-Signature-256", signature);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private JsonObject status(ReconcilerServer server) throws Exception {
        return new JsonObject(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/status")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
