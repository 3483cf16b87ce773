package io.shardops.reconciler.gitops.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.reconciler.apply.Approvals;
import io.shardops.reconciler.topo.TopologyKeys;
import io.shardops.reconciler.topo.etcd.TestEtcd;
import io.shardops.reconciler.gitops.server.ReconcilerServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console's HTTP API on a real etcd: the snapshot, its live delivery as server-sent events, and approvals. */
class ConsoleIT {
    private static final String TOKEN = "console-it-token-0123456789";
    private static final HttpClient http = HttpClient.newHttpClient();
    private static TestEtcd etcd;
    private static ReconcilerServer server;
    private static ReconcilerServer readOnly;

    @BeforeAll
    static void start() throws Exception {
        etcd = TestEtcd.start("console-it");
        MoveFixture.write(etcd.store(), MoveFixture.workflow(100, 50), MoveFixture.runCopying());
        server = serve(Optional.of(ConsoleToken.of(TOKEN)));
        readOnly = serve(Optional.empty());
    }

    private static ReconcilerServer serve(Optional<ConsoleToken> token) {
        JsonObject watch = new JsonObject().put("outcome", "applied").put("errors", new JsonArray()
                .add("customer.yaml:3:5: error: shard '-8' is not a key range"));
        ConsoleReader reader = new ConsoleReader(Optional.of(etcd.store()), Optional.empty(), () -> watch, Clock.systemUTC());
        return ReconcilerServer.start("127.0.0.1", 0, Optional.empty(), () -> watch,
                Optional.of(new Console(reader, token, Clock.systemUTC())));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (readOnly != null) {
            readOnly.close();
        }
        TestEtcd.stop(etcd);
    }

    @Test
    void snapshotShowsTheTopologyTheRunningStepAndTheWatcher() throws Exception {
        HttpResponse<String> r = get(server, "/api/console");
        assertEquals(200, r.statusCode());
        JsonObject s = new JsonObject(r.body());
        assertEquals(MoveFixture.CLUSTER, s.getString("cluster"));
        assertEquals(2, s.getJsonArray("keyspaces").size());
        JsonObject run = s.getJsonObject("currentRun");
        assertEquals(MoveFixture.RUN, run.getString("id"));
        assertEquals("running", run.getJsonArray("steps").getJsonObject(MoveFixture.COPY_STEP - 1).getString("state"));
        assertEquals(MoveFixture.WORKFLOW, s.getJsonArray("workflows").getJsonObject(0).getString("name"));
        assertTrue(s.getJsonObject("watch").getJsonArray("errors").getString(0).startsWith("customer.yaml:3:5:"));
        HttpResponse<String> page = get(server, "/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("console.js"), page.body());
        assertEquals(200, get(server, "/console.js").statusCode());
    }

    @Test
    void eventsPushAFreshSnapshotWhenAWorkflowRecordChanges() throws Exception {
        BlockingQueue<String> data = new LinkedBlockingQueue<>();
        HttpRequest req = HttpRequest.newBuilder(uri(server, "/api/events")).GET().build();
        HttpResponse<Stream<String>> events = http.send(req, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, events.statusCode());
        assertTrue(events.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        Thread reader = new Thread(() -> events.body().filter(l -> l.startsWith("data: ")).forEach(l -> data.add(l.substring(6))), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            JsonObject first = new JsonObject(poll(data));
            assertEquals(150L, rowsCopied(first));
            long t0 = System.nanoTime();
            MoveFixture.writeWorkflow(etcd.store(), MoveFixture.workflow(4000, 3000));
            long seen = -1;
            for (int i = 0; i < 10 && seen != 7000L; i++) {
                seen = rowsCopied(new JsonObject(poll(data)));
            }
            assertEquals(7000L, seen);
            System.out.println("console: a workflow write reached the event stream in " + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms");
        } finally {
            events.body().close();
            MoveFixture.writeWorkflow(etcd.store(), MoveFixture.workflow(100, 50));
        }
    }

    @Test
    void approvingNeedsTheTokenTheStepTheRunWaitsAtAndThenLandsInEtcd() throws Exception {
        MoveFixture.writeRun(etcd.store(), MoveFixture.runWaitingAtSwitch());
        try {
            String step4 = "{\"runId\":\"" + MoveFixture.RUN + "\",\"step\":4}";
            String step5 = "{\"runId\":\"" + MoveFixture.RUN + "\",\"step\":5}";
            assertEquals(401, approve(server, step5, null).statusCode());
            assertEquals(401, approve(server, step5, "not-the-token-0123456789").statusCode());
            HttpResponse<String> wrongStep = approve(server, step4, TOKEN);
            assertEquals(409, wrongStep.statusCode());
            assertTrue(wrongStep.body().contains("waits for approval of step 5, not step 4"), wrongStep.body());
            assertEquals(400, approve(server, "{\"runId\":7}", TOKEN).statusCode());
            assertEquals(413, approve(server, "{\"runId\":\"" + "x".repeat(8000) + "\",\"step\":5}", TOKEN).statusCode());
            Approvals approvals = new Approvals(etcd.store(), MoveFixture.CLUSTER);
            assertFalse(approvals.approved(MoveFixture.RUN, 5));
            HttpResponse<String> ok = approve(server, step5, TOKEN);
            assertEquals(200, ok.statusCode(), ok.body());
            assertTrue(approvals.approved(MoveFixture.RUN, 5));
            assertEquals("console", approvals.of(MoveFixture.RUN).get(0).by());
            HttpResponse<String> refused = approve(readOnly, step5, TOKEN);
            assertEquals(403, refused.statusCode());
            assertTrue(refused.body().contains("--console-token-file"), refused.body());
        } finally {
            etcd.store().deletePrefix(new TopologyKeys(MoveFixture.CLUSTER).approvals(MoveFixture.RUN));
            MoveFixture.writeRun(etcd.store(), MoveFixture.runCopying());
        }
    }

    @Test
    void sessionTellsThePageWhetherItsTokenIsGood() throws Exception {
        JsonObject anonymous = new JsonObject(get(server, "/api/session").body());
        assertTrue(anonymous.getBoolean("approvalsEnabled"));
        assertFalse(anonymous.getBoolean("authenticated"));
        HttpRequest req = HttpRequest.newBuilder(uri(server, "/api/session")).header("Authorization", "Bearer " + TOKEN).GET().build();
        assertTrue(new JsonObject(http.send(req, HttpResponse.BodyHandlers.ofString()).body()).getBoolean("authenticated"));
        assertFalse(new JsonObject(get(readOnly, "/api/session").body()).getBoolean("approvalsEnabled"));
    }

    private static long rowsCopied(JsonObject snapshot) {
        return snapshot.getJsonArray("workflows").getJsonObject(0).getLong("rowsCopied");
    }

    private static String poll(BlockingQueue<String> data) throws InterruptedException {
        String next = data.poll(10, TimeUnit.SECONDS);
        assertNotNull(next, "no server-sent event within 10 s");
        return next;
    }

    private static HttpResponse<String> approve(ReconcilerServer s, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(s, "/api/approve")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(ReconcilerServer s, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(s, path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(ReconcilerServer s, String path) {
        return URI.create("http://127.0.0.1:" + s.port() + path);
    }
}
