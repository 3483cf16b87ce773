package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardops.dataplane.process.FreePorts;
import io.shardops.reconciler.cli.ShardopsCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The life of an online schema change after its cut-over ({@code src/test/resources/schema-change-lifecycle}), while a
 * client writes through the gateway: status shows it; a revert commit (the spec back to the old definition) is the
 * instant swap back, not a new online change; the change made again stays revertible, with its old table, until
 * {@code shardops confirm}; then the plan drops the old table in a drop-old-table step that waits for the destroy
 * approval, after which a revert is refused; a postponed change blocks another definition of the table and is
 * cancelled by the spec going back. No acknowledged write is lost, none fails.
 */
class SchemaChangeLifecycleIT {
    private static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    private static final Path SPECS = ROOT.resolve("test/src/test/resources/schema-change-lifecycle");
    private static final long BULK_ROWS = 20_000;
    private static final long FIRST_CLIENT_ID = 1_000_000;
    private static final String OLD_TABLE = "_customer_osc_old";
    private static final String SHADOW_TABLE = "_customer_osc_new";

    @TempDir
    Path tmp;

    record Out(int exit, String text) {}

    /** {@code shardops ARGS} in this JVM, its output captured (and echoed for the test log). */
    static Out shardops(String... args) {
        StringWriter text = new StringWriter();
        PrintWriter w = new PrintWriter(text, true);
        CommandLine cli = new CommandLine(new ShardopsCommand());
        cli.setOut(w);
        cli.setErr(w);
        int exit = cli.execute(args);
        w.flush();
        System.out.println("SHARDOPS " + String.join(" ", args) + " -> " + exit + "\n" + text);
        return new Out(exit, text.toString());
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aRevertCommitSwapsBackAConfirmedChangesOldTableIsDroppedBehindTheDestroyGateAndOneChangeRunsPerTable() throws Exception {
        LiveCluster c = LiveCluster.withSpecs(SPECS, tmp.resolve("spec"), tmp.resolve("state"), FreePorts.one());
        String state = c.stateDir().toString();
        WritingClient client = null;
        try {
            c.run("up", "1_base");
            c.execOnPrimary("customer", "0", "insert into customer.customer (customer_id, email, visits) select seq, concat('bulk', seq, '@domain.com'), seq % 1000"
                    + " from customer.seq_1_to_" + BULK_ROWS);
            client = new WritingClient(c, FIRST_CLIENT_ID);
            client.start();

            c.run("apply", "2_online");
            assertEquals("bigint", dataType(c), "cut over to the new definition");
            JsonNode change = onlyChange(shardops("status", "--state-dir", state, "--format", "json"));
            assertEquals("cut-over", change.get("stage").asText());
            assertEquals("online", change.get("strategy").asText());
            assertTrue(change.get("rowsCopied").asLong() >= BULK_ROWS, "rows copied in the status: " + change);
            assertTrue(change.get("revertible").asBoolean());
            assertTrue(shardops("status", "--state-dir", state).text().contains("customer.customer online (shadow table): cut-over"),
                    "the text status lists the change");

            // a revert commit: the spec goes back while the old table follows the new one
            Thread.sleep(1000);  // writes into the new table, which the reverse stream carries into the old one
            Out revert = shardops("apply", c.spec("1_base").toString(), "--state-dir", state, "--auto-approve");
            assertEquals(0, revert.exit());
            assertTrue(revert.text().contains("schema-revert customer.customer"), "planned as a revert step");
            assertTrue(revert.text().contains("An instant swap, not a new online change."), "and the plan says so");
            assertFalse(revert.text().contains("running it online through"), "no new shadow table is copied");
            assertEquals("int", dataType(c), "the old definition is back");
            assertEquals("reverted", onlyChange(shardops("status", "--state-dir", state, "--format", "json")).get("stage").asText());
            assertEquals(0, shardops("plan", c.spec("1_base").toString(), "--state-dir", state, "--detailed-exitcode").exit(),
                    "after the revert nothing is left to plan");

            // the change again; it stays revertible, old table kept, until confirmed
            c.run("apply", "2_online");
            assertEquals("bigint", dataType(c));
            assertEquals(0, shardops("plan", c.spec("2_online").toString(), "--state-dir", state, "--detailed-exitcode").exit(),
                    "not confirmed: the plan keeps the old table");
            assertEquals(1, tableCount(c, OLD_TABLE));
            Out confirm = shardops("confirm", "customer.customer", "--state-dir", state);
            assertEquals(0, confirm.exit());
            assertTrue(onlyChange(shardops("status", "--state-dir", state, "--format", "json")).get("confirmed").asBoolean());

            Path planFile = tmp.resolve("drop.plan.json");
            Out plan = shardops("plan", c.spec("2_online").toString(), "--state-dir", state, "--out", planFile.toString());
            assertTrue(plan.text().contains("drop-old-table customer.customer"), "confirmed: the plan drops the old table");
            Out gated = shardops("apply", planFile.toString(), "--state-dir", state);
            assertNotEquals(0, gated.exit(), "the drop waits for the destroy approval");
            assertTrue(gated.text().contains("Stopped before step 1 (drop-old-table customer.customer): the policy requires approval for destroy"), "it says so");
            assertEquals(1, tableCount(c, OLD_TABLE), "not dropped before approval");
            Out dropped = shardops("apply", planFile.toString(), "--state-dir", state, "--approve", "destroy");
            assertEquals(0, dropped.exit());
            assertEquals(0, tableCount(c, OLD_TABLE), "the old table is gone");
            assertEquals("done", onlyChange(shardops("status", "--state-dir", state, "--format", "json")).get("stage").asText());
            assertEquals(1, shardops("revert", "customer.customer", "--state-dir", state).exit(), "no revert without the old table");
            assertEquals(0, shardops("plan", c.spec("2_online").toString(), "--state-dir", state, "--detailed-exitcode").exit());

            // a postponed change waits, following; another definition meanwhile is refused; the spec back to the live
            // definition cancels it
            Out postponed = shardops("apply", c.spec("3_postponed").toString(), "--state-dir", state, "--auto-approve");
            assertTrue(postponed.text().contains("Stopped before step 2 (schema-cutover customer.customer)"), "the cut-over waits for approval");
            assertEquals("following", onlyChange(shardops("status", "--state-dir", state, "--format", "json")).get("stage").asText());
            assertEquals(1, tableCount(c, SHADOW_TABLE));
            Out other = shardops("plan", c.spec("4_other").toString(), "--state-dir", state);
            assertEquals(1, other.exit(), "one change per table at a time: the plan refuses");
            assertTrue(other.text().contains("a table has one change at a time") && other.text().contains("shardops revert customer.customer"),
                    "and says what to do");
            Out cancel = shardops("apply", c.spec("2_online").toString(), "--state-dir", state, "--auto-approve");
            assertEquals(0, cancel.exit());
            assertTrue(cancel.text().contains("Cancel the schema change of customer.customer"), "the spec back to the live table cancels the change");
            assertEquals(0, tableCount(c, SHADOW_TABLE), "its shadow table is dropped");
            assertEquals("bigint", dataType(c), "the table never changed");
            assertEquals("reverted", onlyChange(shardops("status", "--state-dir", state, "--format", "json")).get("stage").asText());
            assertEquals(0, shardops("plan", c.spec("2_online").toString(), "--state-dir", state, "--detailed-exitcode").exit());

            Thread.sleep(500);
            client.finish();
            System.out.println("SCHEMA LIFECYCLE client: " + client.summary() + "; first errors: " + client.errors.stream().limit(3).toList());
            assertTrue(client.acked.size() > 50, "the client wrote throughout: " + client.acked.size());
            assertEquals(List.of(), client.errors, "cut-overs and the revert cost the client no error");
            Set<Long> present = c.ids("customer", "select customer_id from customer where customer_id >= " + FIRST_CLIENT_ID);
            MoveChecks.assertExactlyTheAcknowledged(client, new TreeSet<>(present));
            assertEquals(BULK_ROWS, c.longOnPrimary("customer", "0", "select count(*) from customer.customer where customer_id < " + FIRST_CLIENT_ID));
        } finally {
            if (client != null) {
                client.finish();
            }
            Thread.interrupted();
            c.down();
        }
    }

    private static JsonNode onlyChange(Out status) throws Exception {
        assertEquals(0, status.exit());
        JsonNode changes = new ObjectMapper().readTree(status.text()).get("schemaChanges");
        assertEquals(1, changes.size(), "one table changed: " + changes);
        return changes.get(0);
    }

    private static long tableCount(LiveCluster c, String table) throws SQLException {
        return c.longOnPrimary("customer", "0", "select count(*) from information_schema.tables where table_schema = 'customer' and table_name = '" + table + "'");
    }

    private static String dataType(LiveCluster c) throws SQLException {
        for (String type : List.of("int", "bigint")) {
            if (c.longOnPrimary("customer", "0", "select count(*) from information_schema.columns where table_schema = 'customer'"
                    + " and table_name = 'customer' and column_name = 'visits' and data_type = '" + type + "'") == 1) {
                return type;
            }
        }
        return "?";
    }
}
