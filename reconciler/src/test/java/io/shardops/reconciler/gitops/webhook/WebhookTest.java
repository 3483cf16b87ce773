package io.shardops.reconciler.gitops.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.reconciler.gitops.server.ReconcilerServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookTest {
    private static final String PUSH_TO_MAIN =
            "{\"ref\":\"refs/heads/main\",\"after\":\"0123456789abcdef0123456789abcdef01234567\",\"deleted\":false}";
    private static final List<String> polls = new CopyOnWriteArrayList<>();
    private static WebhookSecret secret;
    private static ReconcilerServer server;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        Path secretFile = dir.resolve("webhook-secret");
        Files.writeString(secretFile, "It's a Secret to Everybody\n");
        secret = WebhookSecret.readFrom(secretFile);
        WebhookHandler handler = new WebhookHandler(secret, "main", push -> polls.add(push.after()));
        server = ReconcilerServer.start("127.0.0.1", 0, Optional.of(handler),
                () -> new JsonObject().put("lastSeenCommit", "abc"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clear() {
        polls.clear();
    }

    @Test
    void signatureMatchesGitHubsPublishedExample() {
        // The example from GitHub's "Validating webhook deliveries" page.
        assertEquals("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
                WebhookSecret.of("It's a Secret to Everybody").signatureOf("Hello, World!".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void signedPushToWatchedBranchTriggersAPoll() throws Exception {
        HttpResponse<String> response = post("push", PUSH_TO_MAIN, secret.signatureOf(bytes(PUSH_TO_MAIN)));
        assertEquals(202, response.statusCode(), response.body());
        assertEquals(List.of("0123456789abcdef0123456789abcdef01234567"), polls);
    }

    @Test
    void pushToAnotherBranchIsIgnored() throws Exception {
        String body = PUSH_TO_MAIN.replace("refs/heads/main", "refs/heads/feature");
        HttpResponse<String> response = post("push", body, secret.signatureOf(bytes(body)));
        assertEquals(202, response.statusCode());
        assertTrue(response.body().contains("ignored"), response.body());
        assertEquals(List.of(), polls);
    }

    @Test
    void forgedSignatureIsRejected() throws Exception {
        String forged = WebhookSecret.of("guessed").signatureOf(bytes(PUSH_TO_MAIN));
        assertEquals(401, post("push", PUSH_TO_MAIN, forged).statusCode());
        assertEquals(401, post("push", PUSH_TO_MAIN, null).statusCode());
        assertEquals(401, post("push", PUSH_TO_MAIN, "sha256=not-hex").statusCode());
        assertEquals(401, post("push", PUSH_TO_MAIN, "sha1=" + secret.signatureOf(bytes(PUSH_TO_MAIN)).substring(7)).statusCode());
        // A valid signature of a different body: the payload was tampered with.
        String tampered = PUSH_TO_MAIN.replace("0123", "ffff");
        assertEquals(401, post("push", tampered, secret.signatureOf(bytes(PUSH_TO_MAIN))).statusCode());
        assertEquals(List.of(), polls);
    }

    @Test
    void malformedBodiesGet400() throws Exception {
        for (String body : List.of("{not json", "[1,2]", "{\"ref\":\"refs/heads/main\"}", "{\"ref\":1,\"after\":\"x\"}")) {
            HttpResponse<String> response = post("push", body, secret.signatureOf(bytes(body)));
            assertEquals(400, response.statusCode(), body + " -> " + response.body());
        }
        assertEquals(List.of(), polls);
    }

    @Test
    void unknownEventIsAcceptedAndIgnored() throws Exception {
        String body = "{\"action\":\"created\"}";
        HttpResponse<String> response = post("star", body, secret.signatureOf(bytes(body)));
        assertEquals(202, response.statusCode());
        assertTrue(response.body().contains("ignored"));
        assertEquals(List.of(), polls);
    }

    @Test
    void pullRequestIsAcknowledgedWithoutAPoll() throws Exception {
        String body = "{\"action\":\"opened\",\"number\":7,\"pull_request\":{\"base\":{\"ref\":\"main\"},\"head\":{\"sha\":\"abc\"}}}";
        assertEquals(202, post("pull_request", body, secret.signatureOf(bytes(body))).statusCode());
        assertEquals(List.of(), polls);
    }

    @Test
    void oversizedBodyGets413() throws Exception {
        String body = "{\"ref\":\"" + "x".repeat((int) ReconcilerServer.MAX_WEBHOOK_BODY_BYTES) + "\"}";
        assertEquals(413, post("push", body, secret.signatureOf(bytes(body))).statusCode());
        assertEquals(List.of(), polls);
    }

    @Test
    void statusIsServedAsJson() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/status")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("abc", new JsonObject(response.body()).getString("lastSeenCommit"));
    }

    private static HttpResponse<String> post(String event, String body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/webhook"))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
