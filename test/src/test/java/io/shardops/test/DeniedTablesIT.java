package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.dataplane.process.FreePorts;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real MoveTables primary switch (phases 201 … 205: customer and corder move from commerce to customer),
 * then every form of statement that names a denied table, sent to the source through the gateway and
 * straight to the source primary's query service: each is refused, and the source's rows do not change.
 * Sessions opened before the switch (a HANDLER, a prepared DELETE) are refused after it too.
 */
class DeniedTablesIT {
    private static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();

    /** Each names customer or corder, which the source denies after the switch. */
    private static final List<String> BYPASSES = List.of(
            "HANDLER customer OPEN",
            "HANDLER customer READ FIRST",
            "PREPARE s FROM 'delete from customer'",
            "EXECUTE s",
            "EXECUTE IMMEDIATE 'delete from customer'",
            "/*!50000 insert into customer (customer_id, email) values (777001, 'versioned@x.com') */",
            "/*M! delete from customer */",
            "/*!delete from corder */",
            "insert customer (customer_id, email) values (777002, 'nointo@x.com')",
            "replace customer (customer_id, email) values (1, 'replaced@x.com')",
            "truncate customer",
            "select 1; delete from customer",
            "call commerce.nosuch()",
            "create table customer_copy as select * from customer",
            "create table customer_like like customer",
            "rename table customer to customer_old",
            "alter table corder add column note int",
            "set statement max_statement_time = 10 for delete from customer",
            "delete from `commerce`.`CUSTOMER`",
            "delete from product where sku in (select email from customer)",
            "update product join corder on product.sku = corder.sku set product.price = 0",
            "begin not atomic delete from customer; end",
            "load data infile '/etc/hostname' into table customer");

    /** The gateway answers these itself (a SET with a user variable is not carried to tablets): only the tablet sees them. */
    private static final List<String> TABLET_ONLY = List.of("set @n = (select count(*) from customer)");

    @TempDir
    Path tmp;

    @Test
    void everyFormNamingADeniedTableIsRefusedOnTheSourceAfterThePrimarySwitch() throws Exception {
        LiveCluster c = LiveCluster.withSpecs(ROOT.resolve("examples/phases"), tmp.resolve("spec"), tmp.resolve("state"), FreePorts.one());
        try {
            c.run("up", "101_initial_cluster");
            c.mysql(ROOT.resolve("examples/data/insert_commerce_data.sql"));
            for (String phase : List.of("201_customer_keyspace", "202_customer_tablets", "203_vertical_split", "204_vertical_migrate_replicas")) {
                c.run("apply", phase);
            }
            // a client of the source's query service that prepared a delete and opened a handler before the switch
            try (Connection early = tabletConnection(c, false); Statement st = early.createStatement()) {
                st.execute("PREPARE early_delete FROM 'delete from customer'");
                st.execute("HANDLER customer OPEN AS early_handler");
                c.run("apply", "205_vertical_migrate_master");
                assertRefused(st, "EXECUTE early_delete");
                assertRefused(st, "HANDLER early_handler READ FIRST");
            }
            assertEquals("disallowed due to rule: enforce denied tables", c.errorOf("commerce", "select * from customer"));

            Counts before = Counts.of(c);
            assertTrue(before.customers() > 0, "the source still holds the moved rows: " + before);
            for (String sql : BYPASSES) {
                try (Connection gateway = c.connect("commerce"); Statement st = gateway.createStatement()) {
                    st.execute(sql);
                    fail("through the gateway, " + sql + " ran on the source after the switch");
                } catch (SQLException refused) {
                    // refused: by the tablet's rules, or the gateway itself
                }
                try (Connection tablet = tabletConnection(c, false); Statement st = tablet.createStatement()) {
                    assertRefused(st, sql);
                }
            }
            for (String sql : TABLET_ONLY) {
                try (Connection tablet = tabletConnection(c, false); Statement st = tablet.createStatement()) {
                    assertRefused(st, sql);
                }
            }
            // the binary protocol: COM_STMT_PREPARE of a statement on a denied table
            try (Connection tablet = tabletConnection(c, true)) {
                try (PreparedStatement ps = tablet.prepareStatement("delete from customer where customer_id = ?")) {
                    ps.setLong(1, 1);
                    ps.executeUpdate();
                    fail("a server-side prepared delete ran on the denied table");
                } catch (SQLException e) {
                    assertTrue(e.getMessage().contains("enforce denied tables"), e.getMessage());
                }
            }
            assertEquals(before, Counts.of(c), "the source's rows did not change");

            // the tables that stay with commerce are served as before
            try (Connection tablet = tabletConnection(c, false); Statement st = tablet.createStatement()) {
                st.executeQuery("select count(*) from product").close();
                st.execute("HANDLER product OPEN");
                assertTrue(st.execute("HANDLER product READ FIRST"), "HANDLER READ answers rows");
                st.execute("PREPARE p FROM 'select * from product'");
                assertTrue(st.execute("EXECUTE p"), "EXECUTE answers rows");
            }
        } finally {
            c.down();
        }
    }

    private static void assertRefused(Statement st, String sql) {
        try {
            st.execute(sql);
            fail("at the source's query service, " + sql + " ran after the switch");
        } catch (SQLException e) {
            assertTrue(e.getMessage().contains("enforce denied tables"), sql + " refused by the denied-tables rule: " + e.getMessage());
        }
    }

    /**
     * Straight to the source primary's query service (the tablet's MySQL port), not through the gateway; with
     * multi-statements on, so a denied statement after an allowed one reaches the rules rather than a 1064.
     */
    private static Connection tabletConnection(LiveCluster c, boolean serverPrepared) throws SQLException {
        Topology t = c.topology();
        TabletRecord primary = t.tablets().get(t.shard("commerce", "0").orElseThrow().primaryAlias());
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + primary.grpcPort() + "/commerce?sslMode=DISABLED"
                + "&allowPublicKeyRetrieval=true&connectTimeout=5000&socketTimeout=30000&allowMultiQueries=true&useServerPrepStmts=" + serverPrepared,
                MysqlAccounts.APP_USER, c.credentials().mysqlAccounts().appPassword());
    }

    /** Rows of the moved tables and of product on the source primary, read straight from its MariaDB. */
    private record Counts(long customers, long orders, long products, String customerChecksum) {
        static Counts of(LiveCluster c) throws SQLException {
            return new Counts(c.longOnPrimary("commerce", "0", "select count(*) from commerce.customer"),
                    c.longOnPrimary("commerce", "0", "select count(*) from commerce.corder"),
                    c.longOnPrimary("commerce", "0", "select count(*) from commerce.product"),
                    Long.toString(c.longOnPrimary("commerce", "0",
                            "select coalesce(sum(crc32(concat_ws(',', customer_id, email))), 0) from commerce.customer")));
        }
    }
}
