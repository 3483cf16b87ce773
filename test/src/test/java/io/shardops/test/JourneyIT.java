package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.process.FreePorts;
import io.shardops.dataplane.vindex.HashVindex;
import io.shardops.reconciler.cli.ShardopsCommand;
import io.shardops.spec.key.KeyRange;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference journey for real: {@code shardops up} of phase 101, then each later phase applied in
 * turn (201 … 308, with traffic switched back and forth once in each move) on one local cluster of real etcd and MariaDB, while a client writes and reads
 * through the gateway the whole time. At the end every acknowledged write is on the shard its keyspace
 * id says, exactly once; the reference's rows are where the reference shows them; new rows take ids
 * from the sequences. The verify-diff steps of 203 and 303 fail the apply on any difference, so a clean
 * run is a clean diff.
 */
class JourneyIT {
    private static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    private static final long FIRST_CLIENT_ID = 100_000;
    private static final List<String> PHASES = List.of("201_customer_keyspace", "202_customer_tablets", "203_vertical_split",
            "204_vertical_migrate_replicas", "203_vertical_split", "204_vertical_migrate_replicas",  // there and back again
            "205_vertical_migrate_master", "206_clean_commerce", "301_customer_sharded",
            "302_new_shards", "303_horizontal_split", "304_migrate_replicas", "305_migrate_master",
            "304_migrate_replicas", "305_migrate_master",  // the primary switch reversed while the client writes, then again
            "306_down_shard_0",
            "307_delete_shard_0", "308_final");

    @TempDir
    static Path tmp;
    static LiveCluster journey;

    @BeforeAll
    static void phasesWithAFreePort() throws IOException {
        journey = LiveCluster.withSpecs(ROOT.resolve("examples/phases"), tmp.resolve("spec"), tmp.resolve("state"), FreePorts.one());
    }

    @AfterAll
    static void down() {
        journey.down();
    }

    /** The one-step jump: 101, then examples/final planned and applied as one run (MoveTables straight into a sharded keyspace). */
    @Test
    void fromTheFirstPhaseToTheFinalLayoutInOneApply() throws Exception {
        int finalPort = FreePorts.one();
        Path state = tmp.resolve("state-final");
        LiveCluster c = LiveCluster.withSpecs(ROOT.resolve("examples/phases"), tmp.resolve("spec-final"), state, finalPort);
        LiveCluster.withSpecs(ROOT.resolve("examples/final"), c.specDir().resolve("final"), state, finalPort);
        try {
            c.run("up", "101_initial_cluster");
            c.mysql(ROOT.resolve("examples/data/insert_commerce_data.sql"));
            c.run("apply", "final");
            assertEquals(Set.of(1L, 2L, 3L, 5L), c.ids("customer/-80", "select customer_id from customer"));
            assertEquals(Set.of(4L), c.ids("customer/80-", "select customer_id from customer"));
            assertEquals(Set.of(1L, 2L, 3L, 5L), c.ids("customer/-80", "select order_id from corder"));
            assertEquals(Set.of(4L), c.ids("customer/80-", "select order_id from corder"));
            assertEquals("table customer not found in schema", c.errorOf("commerce", "select * from customer"));
        } finally {
            c.down();
        }
    }

    /**
     * {@code shardops apply PHASE.yaml} on the local cluster: the plan against the live topology, applied;
     * then {@code shardops plan PHASE.yaml --detailed-exitcode} must find nothing left to do (exit 0).
     */
    static void apply(String phase) {
        journey.run("apply", phase);
        int exit = ShardopsCommand.execute("plan", journey.spec(phase).toString(), "--etcd", journey.etcd(),
                "--credentials", journey.credentialsFile(), "--detailed-exitcode", "--no-color");
        assertEquals(0, exit, "after apply " + phase + ", planning the same spec again finds changes (output above)");
    }

    /** A customer inserted in a transaction left open while 205 switches primary traffic. */
    static final long OPEN_TRANSACTION_ID = 99_999;

    /** Through the gateway, on the source (commerce serves customer until 205): an insert, not committed. */
    static Connection openWriteTransaction() throws SQLException {
        Connection c = journey.connect("customer");
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.executeUpdate("insert into customer(customer_id, email) values (" + OPEN_TRANSACTION_ID + ", 'open@transaction.com')");
        }
        return c;
    }

    @Test
    void theWholeJourneyKeepsEveryAcknowledgedWrite() throws Exception {
        journey.run("up", "101_initial_cluster");
        journey.mysql(ROOT.resolve("examples/data/insert_commerce_data.sql"));
        WritingClient client = null;
        try {
            for (String phase : PHASES) {
                Connection open = phase.startsWith("205") ? openWriteTransaction() : null;
                apply(phase);
                if (open != null) {
                    try (open) {
                        assertThrows(SQLException.class, open::commit,
                                "a transaction that wrote before the primary switch and stayed open is rolled back, never committed after it");
                    }
                }
                if (phase.startsWith("202")) {
                    client = new WritingClient(journey, FIRST_CLIENT_ID);  // the customer keyspace exists (served from commerce): write through it from now on
                    client.start();
                }
                if (phase.startsWith("205")) {
                    assertEquals("disallowed due to rule: enforce denied tables", journey.errorOf("commerce", "select * from customer"));
                }
                if (phase.startsWith("206")) {
                    assertEquals("table customer not found in schema", journey.errorOf("commerce", "select * from customer"));
                }
            }
        } finally {
            if (client != null) {
                client.finish();
            }
        }
        System.out.println("JOURNEY client: " + client.summary());
        assertTrue(client.acked.size() > 50, "the client wrote through the journey: " + client.acked.size());
        assertEquals(List.of(), client.errors, "the client saw no error while the moves ran");

        Map<String, Set<Long>> byShard = MoveChecks.customersByShard(journey, List.of("-80", "80-"), "customer_id >= 0");
        Set<Long> everywhere = new TreeSet<>();
        byShard.values().forEach(everywhere::addAll);
        for (long id : client.acked) {
            assertTrue(everywhere.contains(id), "acknowledged customer " + id + " is gone");
        }
        assertFalse(everywhere.contains(OPEN_TRANSACTION_ID), "the insert of the transaction open across the switch is nowhere");
        assertEquals(Set.of(1L, 2L, 3L, 5L), journey.ids("customer/-80", "select customer_id from customer where customer_id < 100"));
        assertEquals(Set.of(4L), journey.ids("customer/80-", "select customer_id from customer where customer_id < 100"));
        assertEquals(Set.of(1L, 2L, 3L, 5L), journey.ids("customer/-80", "select order_id from corder"));
        assertEquals(Set.of(4L), journey.ids("customer/80-", "select order_id from corder"));

        try (Connection c = journey.connect("customer"); Statement st = c.createStatement()) {
            st.executeUpdate("insert into customer(email) values ('new1@domain.com'), ('new2@domain.com'), ('new3@domain.com')");
        }
        Set<Long> fresh = new TreeSet<>();
        for (String shard : List.of("-80", "80-")) {
            KeyRange range = KeyRange.parse(shard).orElseThrow();
            for (long id : journey.ids("customer/" + shard, "select customer_id from customer where email like 'new%'")) {
                assertTrue(id >= 1000 && id < FIRST_CLIENT_ID, "a new customer takes its id from customer_seq (1000 up): " + id);
                assertTrue(range.contains(HashVindex.hash(id)), "new customer " + id + " is on the shard its hash says");
                fresh.add(id);
            }
        }
        assertEquals(3, fresh.size(), "the three new customers: " + fresh);
    }

    /**
     * A stray row on the target fails verify-diff (the move stops before any switch) and, once removed,
     * apply resumes at the diff. Then kill -9 of the apply process in the middle of the primary switch of 205 (once the source
     * stopped taking writes, before routing moved), then apply again: it takes over the dead run's lock at once (its
     * process is gone from this host), resumes at that step and finishes, and every write the client saw acknowledged is there, once.
     */
    @Test
    void anApplyKilledDuringThePrimarySwitchResumesAndLosesNothing() throws Exception {
        LiveCluster c = LiveCluster.withSpecs(ROOT.resolve("examples/phases"), tmp.resolve("spec-fault"), tmp.resolve("state-fault"), FreePorts.one());
        WritingClient client = null;
        try {
            c.run("up", "101_initial_cluster");
            c.mysql(ROOT.resolve("examples/data/insert_commerce_data.sql"));
            for (String phase : List.of("201_customer_keyspace", "202_customer_tablets")) {
                c.run("apply", phase);
            }
            // a row on the target that the source does not have: verify-diff must find it and stop the move
            c.execOnPrimary("customer", "0", "insert into customer.customer(customer_id, email) values (999999, 'stray@domain.com')");
            assertEquals(1, c.runExit("apply", "203_vertical_split"), "verify-diff fails the apply when the target holds a row the source does not");
            c.execOnPrimary("customer", "0", "delete from customer.customer where customer_id = 999999");
            for (String phase : List.of("203_vertical_split", "204_vertical_migrate_replicas")) {
                c.run("apply", phase);
            }
            client = new WritingClient(c, FIRST_CLIENT_ID);
            client.start();
            Thread.sleep(500);
            MoveChecks.killApplyOnceSourceStoppedWrites(c, "205_vertical_migrate_master", "customer-vsplit", Duration.ofSeconds(60));
            System.out.println("JOURNEY fault: apply killed at the primary switch of 205, between the source stopping writes and routing");
            long t0 = System.nanoTime();
            int exit = c.runExit("apply", "205_vertical_migrate_master");
            System.out.printf("JOURNEY fault: apply 205 again finished in %d ms (exit %d)%n", (System.nanoTime() - t0) / 1_000_000, exit);
            assertEquals(0, exit, "apply 205 again, at once, resumes and finishes");
            Thread.sleep(1000);
            client.finish();
            Set<Long> present = c.ids("customer", "select customer_id from customer where customer_id >= " + FIRST_CLIENT_ID);
            System.out.println("JOURNEY fault: " + client.summary() + "; first errors while the switch was stuck: "
                    + client.errors.stream().limit(3).toList());
            MoveChecks.assertExactlyTheAcknowledged(client, present);
            assertEquals("disallowed due to rule: enforce denied tables", c.errorOf("commerce", "select * from customer"));
        } finally {
            if (client != null) {
                client.finish();
            }
            c.down();
        }
    }

}
