package io.shardops.dataplane.tablet;

import io.shardops.dataplane.credentials.BearerToken;
import io.shardops.dataplane.credentials.ClusterCredentials;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.process.FreePorts;
import io.shardops.dataplane.tablet.copy.StreamState;
import io.shardops.dataplane.tablet.diff.TableDiff;
import io.shardops.dataplane.tablet.diff.TableDiffSpec;
import io.shardops.spec.TabletType;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tablet manager calls a move makes, over HTTP as the reconciler makes them: MoveTables of customer and
 * corder from commerce to customer through the stream calls, across a target restart; the target comparing
 * its tables with the source (verify-diff); a source ending the write transactions left open (the primary
 * switch).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TabletManagerMoveIT {
    /** One cluster's credentials: every tablet of the test shares them, as a cluster's tablets do. */
    static final ClusterCredentials CREDENTIALS = ClusterCredentials.generate();
    @TempDir
    static Path dir;
    static Vertx vertx;
    static Tablet source;
    static Tablet target;
    static Tablet.Config targetConfig;

    static Tablet.Config config(int uid, String keyspace) {
        return new Tablet.Config(TabletIdentity.of(new TabletAlias("zone1", uid), keyspace, "0"), TabletType.REPLICA,
                dir.resolve("t" + uid), "127.0.0.1", FreePorts.one(), 0, 0, false, CREDENTIALS);
    }

    static Tablet start(Tablet.Config c) throws Exception {
        return Tablet.start(vertx, c).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    static TabletManager http(Tablet t) {
        return new HttpTabletManagerClient("127.0.0.1", t.httpPort(), new BearerToken(CREDENTIALS.controlToken()));
    }

    @BeforeAll
    static void startTablets() throws Exception {
        vertx = Vertx.vertx();
        source = start(config(601, "commerce"));
        targetConfig = config(602, "customer");
        target = start(targetConfig);
        http(source).initPrimary();
        http(source).applySchema(ShardReplicationIT.COMMERCE_SCHEMA);
        sql(source, "insert into customer(customer_id, email) values (1, 'alice@domain.com'), (2, 'bob@domain.com'),"
                + " (3, 'charlie@domain.com'), (4, 'dan@domain.com'), (5, 'eve@domain.com')");
        sql(source, "insert into corder(order_id, customer_id, sku, price) values (1, 1, 'SKU-1001', 100), (2, 2, 'SKU-1002', 30),"
                + " (3, 3, 'SKU-1002', 30), (4, 4, 'SKU-1002', 30), (5, 5, 'SKU-1002', 30)");
        http(target).initPrimary();
        http(target).copySchemaFrom(http(source), List.of("customer", "corder"));
    }

    @AfterAll
    static void stopTablets() throws Exception {
        for (Tablet t : new Tablet[] {source, target}) {
            if (t != null) {
                t.stop(vertx).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            }
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static void sql(Tablet t, String statement) throws SQLException {
        try (Connection c = t.mysqld().connectAdmin(t.identity().database()); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    static List<String> rows(Tablet t, String query) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = t.mysqld().connectAdmin(t.identity().database()); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    static void assertSameRows() throws SQLException {
        for (String q : List.of("select * from customer order by customer_id", "select * from corder order by order_id")) {
            assertEquals(rows(source, q), rows(target, q), q);
        }
    }

    @Test
    @Order(1)
    void moveTablesStreamCopiesFollowsAndSurvivesATargetRestart() throws Exception {
        StreamSpec spec = new StreamSpec("customer.commerce2customer", "127.0.0.1", source.mysqlPort(), "commerce",
                List.of(StreamSpec.Table.allRows("customer"), StreamSpec.Table.allRows("corder")));
        http(target).startStream(spec);
        http(target).startStream(spec);
        sql(source, "insert into customer(email) values ('frank@domain.com')");
        sql(source, "update corder set price = 31 where order_id = 2");
        http(target).waitForStreamPosition(spec.workflow(), http(source).replicationPosition(), Duration.ofSeconds(20));
        assertSameRows();
        StreamStatus s = http(target).streams().get(0);
        assertEquals(StreamState.RUNNING, s.state(), s.toString());
        // the stream starts in the background: frank's insert may land before or after its snapshot
        assertTrue(s.rowsCopied() == 10 || s.rowsCopied() == 11, s.toString());
        assertEquals(http(source).replicationPosition(), s.position());

        target.stop(vertx).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        sql(source, "delete from corder where order_id = 1");
        sql(source, "insert into corder(customer_id, sku, price) values (6, 'SKU-1001', 100)");
        target = start(targetConfig);
        assertEquals(TabletType.PRIMARY, target.manager().status().type(), "a restarted primary knows it is primary");
        http(target).waitForStreamPosition(spec.workflow(), http(source).replicationPosition(), Duration.ofSeconds(20));
        assertSameRows();

        http(target).deleteStream(spec.workflow());
        assertTrue(http(target).streams().isEmpty());
    }

    @Test
    @Order(2)
    void theTargetComparesItsTablesWithTheSourceAndNamesARowThatDiffers() throws Exception {
        assertSameRows();  // the copy of the test before
        TableDiff.Result clean = http(target).diffTable(new TableDiffSpec("127.0.0.1", source.mysqlPort(), "commerce", "customer",
                TableDiffSpec.Rows.all(), List.of(TableDiffSpec.Rows.all()), 0));
        assertTrue(clean.clean(), clean.toString());
        assertEquals(6, clean.targetRows(), clean.toString());

        sql(target, "update corder set price = 99 where order_id = 3");
        TableDiff.Result changed = http(target).diffTable(new TableDiffSpec("127.0.0.1", source.mysqlPort(), "commerce", "corder",
                TableDiffSpec.Rows.all(), List.of(TableDiffSpec.Rows.all()), 0));
        assertEquals(1, changed.different(), changed.toString());
        assertEquals(List.of("different (order_id=3)"), changed.sampleKeys());
        sql(target, "update corder set price = 30 where order_id = 3");
    }

    @Test
    @Order(3)
    void aWriteTransactionLeftOpenIsKilledAfterItsGraceSoItsCommitFails() throws Exception {
        try (Connection open = source.mysqld().connectAdmin(source.identity().database())) {
            open.setAutoCommit(false);
            try (Statement st = open.createStatement()) {
                st.execute("insert into customer(email) values ('late@domain.com')");
            }
            long t0 = System.nanoTime();
            assertEquals(1, http(source).endOpenWriteTransactions(Duration.ofMillis(300)));
            assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(300).toNanos(), "the transaction had its grace first");
            assertThrows(SQLException.class, open::commit);
        }
        assertEquals(List.of(), rows(source, "select email from customer where email = 'late@domain.com'"), "nothing of it was kept");
        // Known open item: in this fixture (since the tablets run with the cluster's own accounts) InnoDB keeps
        // listing the killed transaction for seconds after its connection is gone, so a second call finds it
        // again; on a local cluster (`shardops up`) the entry is gone within a second. What a move relies on
        // holds either way: the connection is gone and nothing it wrote can commit.
        assertEquals(List.of(), rows(source, "select id from information_schema.processlist where info is null and command = 'Sleep'"
                + " and user = 'shardops' and id <> connection_id() and time > 3"), "the killed connection is gone");
    }
}
