package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.process.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A move whose source shard fails over half-way: phase 203 copies customer and corder from commerce and keeps them
 * in sync; then commerce/0's primary dies for good (kill -9, its port taken). The failover monitor promotes a replica,
 * and the move's streams follow the new primary: rows written to the moved tables after the failover reach the target
 * without an apply, and the switch (204, 205) verifies and completes with every row. On the code before, the streams
 * kept following the dead primary and the new rows never reached customer.
 */
class FailoverDuringMoveIT {
    private static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    private static final List<String> PHASES = List.of("101_initial_cluster", "201_customer_keyspace", "202_customer_tablets",
            "203_vertical_split", "204_vertical_migrate_replicas", "205_vertical_migrate_master");
    private static final int FIRST_ID = 900_001;
    private static final int ROWS_AFTER = 20;

    @TempDir
    Path tmp;

    @Test
    void aMovesStreamsFollowTheSourcesNewPrimaryAfterAFailover() throws Exception {
        LiveCluster c = LiveCluster.withSpecs(ROOT.resolve("examples/phases"), tmp.resolve("spec"), tmp.resolve("state"), FreePorts.one());
        for (String phase : PHASES) {
            // three replicas: after the failover the new primary still has a semi-sync acknowledger
            Path f = c.spec(phase);
            Files.writeString(f, Files.readString(f).replace("tabletDefaults: {replica: 2, rdonly: 1}", "tabletDefaults: {replica: 3, rdonly: 0}"));
        }
        PrimaryLoss loss = null;
        try {
            c.run("up", "101_initial_cluster");
            c.mysql(ROOT.resolve("examples/data/insert_commerce_data.sql"));
            for (String phase : PHASES.subList(1, 4)) {
                c.run("apply", phase);
            }
            long customersBefore = c.longOnPrimary("customer", "0", "select count(*) from customer.customer");
            assertTrue(customersBefore > 0, "the copy carried the customers");

            loss = PrimaryLoss.of(c, "commerce", "0", 30);
            System.out.printf("FAILOVER commerce/0 %s -> %s in %d ms during the move%n", loss.killed().alias(), loss.after().primaryAlias(),
                    loss.millis());

            // the moved tables are still served by commerce: write through the gateway, as an application does
            try (Connection conn = c.connect("customer"); Statement st = conn.createStatement()) {
                for (int id = FIRST_ID; id < FIRST_ID + ROWS_AFTER; id++) {
                    insertRetrying(st, "insert into customer(customer_id, email) values (" + id + ", 'after-failover-" + id + "@domain.com')");
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long arrived = 0;
            while (System.nanoTime() < deadline) {
                arrived = c.longOnPrimary("customer", "0", "select count(*) from customer.customer where customer_id >= " + FIRST_ID);
                if (arrived == ROWS_AFTER) {
                    break;
                }
                Thread.sleep(200);
            }
            assertEquals(ROWS_AFTER, arrived, "rows written after the failover reach the move's target: its stream follows the new primary");

            for (String phase : PHASES.subList(4, 6)) {
                c.run("apply", phase);  // the switch verifies (diff) and completes
            }
            assertEquals(customersBefore + ROWS_AFTER, c.ids("customer", "select customer_id from customer").size(),
                    "every customer, those written after the failover too, is served by customer after the switch");
        } finally {
            if (loss != null) {
                loss.close();
            }
            c.down();
        }
    }

    /** The first insert may meet the failover's last moments (the gateway holds it up to 5 s); one retry is enough. */
    private static void insertRetrying(Statement st, String sql) throws SQLException, InterruptedException {
        try {
            st.executeUpdate(sql);
        } catch (SQLException e) {
            Thread.sleep(1000);
            st.executeUpdate(sql);
        }
    }
}
