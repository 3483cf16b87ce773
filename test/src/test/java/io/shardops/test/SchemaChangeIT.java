package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.process.FreePorts;
import io.shardops.reconciler.cli.ShardopsCommand;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Online schema changes on a live table while a client writes through the gateway ({@code src/test/resources/schema-change}):
 * visits int → bigint, which MariaDB 10.11 can only do by copying, runs through a shadow table; apply is killed (SIGKILL)
 * mid-copy and the next apply resumes; the cut-over verifies both tables and swaps them under buffering; a revert after more
 * writes keeps every one; a postponed cut-over waits, copied and following, until approved.
 */
class SchemaChangeIT {
    private static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    private static final Path SPECS = ROOT.resolve("test/src/test/resources/schema-change");
    /** Enough rows that the copy runs for a while after apply is killed. */
    private static final long BULK_ROWS = 300_000;
    private static final long FIRST_CLIENT_ID = 1_000_000;
    private static final Pattern APPROVE = Pattern.compile("shardops approve (run-[0-9a-f]+) (\\d+)");

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void anOnlineChangeKeepsEveryWriteThroughAKilledApplyACutOverAndARevert() throws Exception {
        LiveCluster c = LiveCluster.withSpecs(SPECS, tmp.resolve("spec"), tmp.resolve("state"), FreePorts.one());
        WritingClient client = null;
        try {
            c.run("up", "1_base");
            c.execOnPrimary("customer", "0", "insert into customer.customer (customer_id, email, visits) select seq, concat('bulk', seq, '@domain.com'), seq % 1000"
                    + " from customer.seq_1_to_" + BULK_ROWS);
            client = new WritingClient(c, FIRST_CLIENT_ID);
            client.start();

            // apply killed mid-copy: the copy goes on in the tablet, and the next apply resumes the change
            try (ApplyProcess first = ApplyProcess.start(c, "2_online")) {
                assertTrue(first.awaitLine(l -> l.contains("running it online through _customer_osc_new"), Duration.ofSeconds(90)),
                        "the ALTER runs online, as MariaDB can only copy for int -> bigint:\n" + first.output());
                Thread.sleep(300);
                first.kill();
            }
            assertEquals("int", dataType(c, "visits"), "killed before the cut-over, the table has its old definition");
            try (ApplyProcess again = ApplyProcess.start(c, "2_online")) {
                assertEquals(0, again.awaitExit(Duration.ofSeconds(180)), "apply again resumes the change and cuts over:\n" + again.output());
                assertTrue(again.output().contains("(resumed)"), "the second apply resumed the first one's change:\n" + again.output());
                assertTrue(again.output().contains("cut over (writes held"), "the cut-over ran:\n" + again.output());
            }
            assertEquals("bigint", dataType(c, "visits"), "after the cut-over the table has the new definition");
            assertEquals("varchar", dataType(c, "note"), "and the added column");
            assertEquals(BULK_ROWS, c.longOnPrimary("customer", "0", "select count(*) from customer.customer where customer_id < " + FIRST_CLIENT_ID),
                    "every bulk row is in the new table, once");
            assertEquals(bulkVisits(), c.longOnPrimary("customer", "0",
                    "select sum(visits) from customer.customer where customer_id < " + FIRST_CLIENT_ID), "the retyped column kept its values");

            Thread.sleep(1500);  // writes into the new table, which the reverse stream carries into the old one
            int revert = ShardopsCommand.execute("revert", "customer.customer", "--state-dir", c.stateDir().toString());
            assertEquals(0, revert, "shardops revert customer.customer");
            assertEquals("int", dataType(c, "visits"), "after the revert the table has its old definition again");
            Thread.sleep(1000);
            client.finish();
            System.out.println("SCHEMA client: " + client.summary() + "; first errors: " + client.errors.stream().limit(3).toList());
            assertTrue(client.acked.size() > 100, "the client wrote through the whole change: " + client.acked.size());
            assertEquals(List.of(), client.errors, "the cut-over and the revert cost the client no error (gateways held its writes)");
            Set<Long> present = c.ids("customer", "select customer_id from customer where customer_id >= " + FIRST_CLIENT_ID);
            MoveChecks.assertExactlyTheAcknowledged(client, new TreeSet<>(present));
            assertEquals(BULK_ROWS, c.longOnPrimary("customer", "0", "select count(*) from customer.customer where customer_id < " + FIRST_CLIENT_ID));

            // postponed: copied and following, waiting for approval; no write blocked meanwhile
            String runId;
            String step;
            try (ApplyProcess postponed = ApplyProcess.start(c, "3_postponed")) {
                postponed.awaitExit(Duration.ofSeconds(180));
                Matcher m = APPROVE.matcher(postponed.output());
                assertTrue(m.find(), "the cut-over waits for approval, even under --auto-approve:\n" + postponed.output());
                runId = m.group(1);
                step = m.group(2);
                assertTrue(postponed.output().contains("online: alter table `customer` modify column `visits` decimal(20,0) not null default 0."),
                        "after the revert the planner compares with the old definition exactly: only visits changes:\n" + postponed.output());
            }
            assertEquals("int", dataType(c, "visits"), "not cut over before approval");
            c.execOnPrimary("customer", "0", "insert into customer.customer (customer_id, email, visits) values (3000000, 'late@domain.com', 7)");
            assertTrue(followed(c, 3000000), "the shadow table follows the table while the cut-over waits");
            assertEquals(0, ShardopsCommand.execute("approve", runId, step, "--state-dir", c.stateDir().toString(), "--by", "test"),
                    "shardops approve " + runId + " " + step);
            // the apply run again plans anew (the topology moved meanwhile): it names the gate, as CI would
            assertEquals(0, ShardopsCommand.execute("apply", c.spec("3_postponed").toString(), "--state-dir", c.stateDir().toString(),
                    "--auto-approve", "--approve", "schema-cutover"), "apply --approve schema-cutover cuts over");
            assertEquals("decimal", dataType(c, "visits"), "approved, the change cut over");
            assertEquals(7, c.longOnPrimary("customer", "0", "select visits from customer.customer where customer_id = 3000000"));
        } finally {
            if (client != null) {
                client.finish();
            }
            Thread.interrupted();
            c.down();
        }
    }

    /** What the bulk insert put in visits: seq % 1000 summed over 1..BULK_ROWS. */
    private static long bulkVisits() {
        long sum = 0;
        for (long i = 1; i <= BULK_ROWS; i++) {
            sum += i % 1000;
        }
        return sum;
    }

    private static String dataType(LiveCluster c, String column) throws SQLException {
        for (String type : List.of("int", "bigint", "decimal", "varchar")) {
            if (c.longOnPrimary("customer", "0", "select count(*) from information_schema.columns where table_schema = 'customer'"
                    + " and table_name = 'customer' and column_name = '" + column + "' and data_type = '" + type + "'") == 1) {
                return type;
            }
        }
        return "?";
    }

    /** Whether the row reaches the shadow table within 10 s. */
    private static boolean followed(LiveCluster c, long id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (c.longOnPrimary("customer", "0", "select count(*) from customer._customer_osc_new where customer_id = " + id) == 1) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
