package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shardops.dataplane.process.FreePorts;
import io.shardops.planner.topology.SchemaChangeRecord;
import io.shardops.reconciler.cli.ShardopsCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An online schema change whose shard fails over after its cut-over: customer.visits went int -> bigint through a
 * shadow table, and the old table follows the new one (reverse stream) so a revert loses nothing. Then the shard's
 * primary dies for good (kill -9, its port taken) and a replica is promoted. The reverse stream follows the new
 * primary: rows written after the failover reach the old table on the new primary at once, and are in the table after
 * {@code shardops revert}. On the code before, the reverse stream stayed on the dead primary: the old table stood
 * still until a revert started the stream again.
 */
class FailoverDuringSchemaChangeIT {
    private static final Path SPECS = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize()
            .resolve("test/src/test/resources/schema-change-lifecycle");
    private static final int FIRST_ID = 5_001;
    private static final int ROWS_AFTER = 20;

    @TempDir
    Path tmp;

    @Test
    void aCutOverChangesReverseStreamFollowsTheNewPrimarySoARevertLosesNothing() throws Exception {
        LiveCluster c = LiveCluster.withSpecs(SPECS, tmp.resolve("spec"), tmp.resolve("state"), FreePorts.one());
        for (String name : List.of("1_base", "2_online")) {
            // three replicas under semi-sync: the new primary still has an acknowledger
            Path f = c.spec(name);
            Files.writeString(f, Files.readString(f).replace("tabletDefaults: {replica: 1, rdonly: 0}", "tabletDefaults: {replica: 3, rdonly: 0}"));
        }
        PrimaryLoss loss = null;
        try {
            c.run("up", "1_base");
            try (Connection conn = c.connect("customer"); Statement st = conn.createStatement()) {
                for (int id = 1; id <= 200; id++) {
                    st.executeUpdate("insert into customer(customer_id, email, visits) values (" + id + ", 'before" + id + "@domain.com', " + id + ")");
                }
            }
            c.run("apply", "2_online");  // shadow table, copy, verify, cut-over; the old table kept and following

            loss = PrimaryLoss.of(c, "customer", "0", 30);
            System.out.printf("FAILOVER customer/0 %s -> %s in %d ms after the cut-over%n", loss.killed().alias(), loss.after().primaryAlias(),
                    loss.millis());

            try (Connection conn = c.connect("customer"); Statement st = conn.createStatement()) {
                for (int id = FIRST_ID; id < FIRST_ID + ROWS_AFTER; id++) {
                    st.executeUpdate("insert into customer(customer_id, email, visits) values (" + id + ", 'after" + id + "@domain.com', 1)");
                }
            }
            // the old table on the new primary follows the new one without any command: the reverse stream moved with
            // the failover (a revert would also restart it, so this is looked at before any revert)
            String old = SchemaChangeRecord.oldTableOf("customer");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long inOld = 0;
            while (System.nanoTime() < deadline) {
                inOld = c.longOnPrimary("customer", "0", "select count(*) from customer.`" + old + "` where customer_id >= " + FIRST_ID);
                if (inOld == ROWS_AFTER) {
                    break;
                }
                Thread.sleep(200);
            }
            assertEquals(ROWS_AFTER, inOld, "rows written after the failover reach the old table on the new primary");
            int exit = ShardopsCommand.execute("revert", "customer.customer", "--state-dir", c.stateDir().toString());
            assertEquals(0, exit, "shardops revert after the failover");
            try (Connection conn = c.connect("customer"); Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("select count(*) from customer where customer_id >= " + FIRST_ID)) {
                rs.next();
                assertEquals(ROWS_AFTER, rs.getInt(1), "rows written after the failover are in the reverted table: the reverse stream"
                        + " followed the new primary");
            }
        } finally {
            if (loss != null) {
                loss.close();
            }
            c.down();
        }
    }
}
