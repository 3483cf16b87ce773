package io.shardops.reconciler.gitops.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.planner.topology.RunState;
import io.shardops.planner.topology.SchemaChangeRecord;
import io.shardops.planner.topology.SchemaChangeRecord.Stage;
import io.shardops.reconciler.apply.Approvals;
import io.shardops.reconciler.apply.RunRecord;
import io.shardops.reconciler.apply.steps.schemachange.SchemaChangeStore;
import io.shardops.reconciler.gitops.server.ReconcilerServer;
import io.shardops.reconciler.topo.TopologyKeys;
import io.shardops.reconciler.topo.etcd.TestEtcd;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's Schema changes section in a real headless Chromium ({@code console-browser/schema-change-check.mjs}):
 * real etcd and console server, a copy's progress record and a postponed cut-over whose run waits for approval, as
 * apply writes them; the user approves the cut-over from the section and the approval is in etcd.
 */
class ConsoleSchemaChangeBrowserIT {
    private static final String TOKEN = "browser-it-token-0123456789";
    private static final String RUN = "run-5c4e3a0000000001";
    private static final int CUTOVER_STEP = 2;
    private static TestEtcd etcd;
    private static ReconcilerServer server;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isExecutable(ConsoleBrowserIT.CHROMIUM), ConsoleBrowserIT.CHROMIUM + " is missing: run scripts/prereqs.sh");
        ConsoleBrowserIT.installPlaywright();
        etcd = TestEtcd.start("console-schema-browser");
        MoveFixture.write(etcd.store(), MoveFixture.workflow(10, 10), MoveFixture.runDone());
        SchemaChangeStore changes = new SchemaChangeStore(etcd.store(), MoveFixture.CLUSTER);
        changes.put(new SchemaChangeRecord("customer", "corder", List.of("0"), "alter table `corder` modify column `price` bigint", "copy",
                Stage.COPYING, 4000, 10000, 0, "", null, 2000, 3, false));
        changes.put(new SchemaChangeRecord("customer", "customer", List.of("0"), "alter table `customer` modify column `visits` bigint not null",
                "copy", Stage.FOLLOWING, 1000, 1000, 0, "verified: clean", null, 0, -1, false));
        TopologyKeys keys = new TopologyKeys(MoveFixture.CLUSTER);
        JsonArray steps = new JsonArray()
                .add(new JsonObject().put("index", 1).put("kind", "schema-change").put("target", "customer.customer").put("approval", "none")
                        .put("gated", false).put("destructive", false).put("description", "Change customer.customer on customer/0 online"))
                .add(new JsonObject().put("index", CUTOVER_STEP).put("kind", "schema-cutover").put("target", "customer.customer")
                        .put("approval", "schema-cutover").put("gated", true).put("destructive", false)
                        .put("description", "Cut over customer.customer to its new definition. Postponed: waits for approval."));
        etcd.store().update(keys.runPlan(RUN), old -> Optional.of(new JsonObject().put("formatVersion", 1).put("steps", steps).encode()));
        MoveFixture.writeRun(etcd.store(), new RunRecord(RUN, MoveFixture.CLUSTER, "h", "c0ffee0123456789c0ffee0123456789c0ffee01", 2, List.of(1), 0,
                RunState.WAITING_APPROVAL, "step 2 (schema-cutover customer.customer) needs approval", "2026-12-07T20:00:00Z"));
        ConsoleReader reader = new ConsoleReader(Optional.of(etcd.store()), Optional.empty(), JsonObject::new, Clock.systemUTC());
        server = ReconcilerServer.start("127.0.0.1", 0, Optional.empty(), JsonObject::new,
                Optional.of(new Console(reader, Optional.of(ConsoleToken.of(TOKEN)), Clock.systemUTC())));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        TestEtcd.stop(etcd);
    }

    @Test
    void aUserSeesTheCopyProgressAndApprovesAPostponedCutOver() throws Exception {
        Path userDataDir = Files.createTempDirectory("console-chromium-");
        ProcessBuilder pb = new ProcessBuilder("node", "schema-change-check.mjs").directory(ConsoleBrowserIT.DIR.toFile()).redirectErrorStream(true);
        pb.environment().put("CONSOLE_URL", "http://127.0.0.1:" + server.port() + "/");
        pb.environment().put("CONSOLE_TOKEN", TOKEN);
        pb.environment().put("CONSOLE_RUN", RUN);
        pb.environment().put("CHROMIUM", ConsoleBrowserIT.CHROMIUM.toString());
        pb.environment().put("USER_DATA_DIR", userDataDir.toString());
        Process node = pb.start();
        try {
            String output = new String(node.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(node.waitFor(60, TimeUnit.SECONDS), "the browser check did not finish:\n" + output);
            System.out.println(output);
            assertEquals(0, node.exitValue(), "the browser check failed:\n" + output);
            assertTrue(output.contains(" passed, 0 failed"), output);
            assertTrue(new Approvals(etcd.store(), MoveFixture.CLUSTER).approved(RUN, CUTOVER_STEP), "the cut-over approved in the page is in etcd");
        } finally {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            try (var paths = Files.walk(userDataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
