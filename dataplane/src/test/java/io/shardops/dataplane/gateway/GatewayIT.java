package io.shardops.dataplane.gateway;

import io.shardops.dataplane.net.EventLoops;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mysql.cj.jdbc.JdbcConnection;
import io.shardops.dataplane.mysql.Authenticator;
import io.shardops.dataplane.testing.TestMariaDb;
import io.shardops.dataplane.vindex.HashVindex;
import io.shardops.spec.TabletType;
import io.shardops.spec.vschema.VSchema;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway in front of real MariaDB servers: an unsharded {@code commerce} keyspace (with the
 * sequences) and a {@code customer} keyspace sharded by hash into {@code -80} and {@code 80-}.
 */
class GatewayIT {
    static TestMariaDb commerce;
    static TestMariaDb low;
    static TestMariaDb high;
    static Vertx vertx;
    static GatewayServer gateway;

    static final String CUSTOMER_DDL = "create table customer(customer_id bigint not null auto_increment, email varbinary(128), primary key(customer_id))";
    static final String CORDER_DDL = "create table corder(order_id bigint not null auto_increment, customer_id bigint, sku varbinary(128), price bigint, primary key(order_id))";

    @BeforeAll
    static void start() throws Exception {
        commerce = TestMariaDb.start("vt_commerce");
        low = TestMariaDb.start("vt_customer");
        high = TestMariaDb.start("vt_customer");
        try (Connection c = commerce.connect("vt_commerce"); Statement s = c.createStatement()) {
            s.execute("create table product(sku varbinary(128), description varbinary(128), price bigint, primary key(sku))");
            s.execute("create table customer_seq(id int, next_id bigint, cache bigint, primary key(id)) comment 'vitess_sequence'");
            s.execute("insert into customer_seq(id, next_id, cache) values(0, 1000, 100)");
            s.execute("create table order_seq(id int, next_id bigint, cache bigint, primary key(id)) comment 'vitess_sequence'");
            s.execute("insert into order_seq(id, next_id, cache) values(0, 1000, 100)");
        }
        for (TestMariaDb db : List.of(low, high)) {
            try (Connection c = db.connect("vt_customer"); Statement s = c.createStatement()) {
                s.execute(CUSTOMER_DDL);
                s.execute(CORDER_DDL);
            }
        }
        vertx = EventLoops.start();
        gateway = GatewayServer.start(vertx, GatewayConfig.of("127.0.0.1", 0, Authenticator.none(), "root", "").withInstances(2),
                routing(low)).await(10, TimeUnit.SECONDS);
    }

    /** The reference's two keyspaces, with customer/-80's primary on {@code lowPrimary}. */
    static StaticRoutingSnapshot routing(TestMariaDb lowPrimary) {
        VSchema commerceV = new VSchema(false, Map.of(), Map.of(
                "product", VSchema.Table.PLAIN,
                "customer_seq", new VSchema.Table("sequence", List.of(), null),
                "order_seq", new VSchema.Table("sequence", List.of(), null)));
        VSchema customerV = new VSchema(true, Map.of("hash", new VSchema.Vindex("hash", Map.of())), Map.of(
                "customer", new VSchema.Table("", List.of(new VSchema.ColumnVindex("customer_id", "hash")),
                        new VSchema.AutoIncrement("customer_id", "customer_seq")),
                "corder", new VSchema.Table("", List.of(new VSchema.ColumnVindex("customer_id", "hash")),
                        new VSchema.AutoIncrement("order_id", "order_seq"))));
        StaticRoutingSnapshot.KeyspaceRouting c = StaticRoutingSnapshot.KeyspaceRouting.of("commerce", commerceV, List.of(ShardRef.of("0")))
                .withTablet("0", TabletType.PRIMARY, new TabletEndpoint("zone1-100", "127.0.0.1", commerce.port(), "vt_commerce"))
                .withTablet("0", TabletType.REPLICA, new TabletEndpoint("zone1-101", "127.0.0.1", commerce.port(), "vt_commerce"));
        StaticRoutingSnapshot.KeyspaceRouting k = StaticRoutingSnapshot.KeyspaceRouting.of("customer", customerV,
                        List.of(ShardRef.of("-80"), ShardRef.of("80-")))
                .withTablet("-80", TabletType.PRIMARY, new TabletEndpoint("zone1-300", "127.0.0.1", lowPrimary.port(), "vt_customer"))
                .withTablet("80-", TabletType.PRIMARY, new TabletEndpoint("zone1-400", "127.0.0.1", high.port(), "vt_customer"));
        return new StaticRoutingSnapshot(List.of(c, k));
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        for (TestMariaDb db : new TestMariaDb[] {commerce, low, high}) {
            if (db != null) {
                db.close();
            }
        }
    }

    static Connection connect(String db) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + gateway.port() + "/" + db + "?useSSL=false", "app", "");
    }

    static List<String> column(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
            out.add(rs.getString(1));
        }
        return out;
    }

    static List<String> ids(TestMariaDb db, String sql) throws SQLException {
        try (Connection c = db.connect("vt_customer"); Statement s = c.createStatement()) {
            return column(s.executeQuery(sql));
        }
    }

    @Test
    void customersLandOnTheShardsOfTheReference() throws Exception {
        try (Connection c = connect("customer"); Statement s = c.createStatement()) {
            s.executeUpdate("insert into customer(customer_id, email) values (1, 'alice@domain.com'), (2, 'bob@domain.com'),"
                    + " (3, 'charlie@domain.com'), (4, 'dan@domain.com'), (5, 'eve@domain.com')");
            assertEquals(List.of("1", "2", "3", "5"), ids(low, "select customer_id from customer where customer_id < 1000 order by 1"));
            assertEquals(List.of("4"), ids(high, "select customer_id from customer where customer_id < 1000 order by 1"));
            assertEquals(List.of("dan@domain.com"), column(s.executeQuery("select email from customer where customer_id = 4")));
            assertEquals(List.of("alice@domain.com", "dan@domain.com"),
                    column(s.executeQuery("select email from customer where customer_id in (1, 4) order by email")));
            assertEquals(List.of("1", "2", "3", "4", "5"),
                    column(s.executeQuery("select customer_id from customer where customer_id < 1000 order by customer_id")));
            assertEquals(List.of("5", "4"),
                    column(s.executeQuery("select customer_id from customer where customer_id < 1000 order by customer_id desc limit 2")));
            ResultSet agg = s.executeQuery("select count(*), min(customer_id), max(customer_id), sum(customer_id) from customer where customer_id < 1000");
            assertTrue(agg.next());
            assertEquals(5, agg.getLong(1));
            assertEquals(1, agg.getLong(2));
            assertEquals(5, agg.getLong(3));
            assertEquals(15, agg.getLong(4));
        }
    }

    @Test
    void explicitShardTargetsSeeOnlyTheirRows() throws Exception {
        try (Connection c = connect("customer"); Statement s = c.createStatement()) {
            s.executeUpdate("insert into customer(customer_id, email) values (11, 'x@y'), (12, 'z@y')");
            s.execute("use `customer/80-`");
            List<String> high = column(s.executeQuery("select customer_id from customer where customer_id in (11, 12)"));
            s.execute("use `customer/-80`");
            List<String> lowIds = column(s.executeQuery("select customer_id from customer where customer_id in (11, 12)"));
            assertEquals(2, high.size() + lowIds.size());
        }
    }

    @Test
    void sequencesFillAutoIncrementAndServeNextValues() throws Exception {
        try (Connection c = connect("customer"); Statement s = c.createStatement()) {
            s.executeUpdate("insert into customer(email) values ('seq1@x'), ('seq2@x')");
            List<String> got = column(s.executeQuery("select customer_id from customer where customer_id >= 1000 order by customer_id"));
            assertEquals(2, got.size());
            assertEquals(Long.parseLong(got.get(0)) + 1, Long.parseLong(got.get(1)));
            s.execute("use commerce");
            ResultSet rs = s.executeQuery("select next 5 values from customer_seq");
            assertTrue(rs.next());
            assertTrue(rs.getLong(1) > Long.parseLong(got.get(1)));
        }
        try (Connection c = commerce.connect("vt_commerce"); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("select next_id from customer_seq");
            assertTrue(rs.next());
            assertEquals(1100, rs.getLong(1), "one block of cache=100 ids reserved");
        }
    }

    @Test
    void unshardedKeyspaceAndConnectChatter() throws Exception {
        try (Connection c = connect("commerce"); Statement s = c.createStatement()) {
            s.executeUpdate("insert into product(sku, description, price) values ('SKU-1001', 'Monitor', 100), ('SKU-1002', 'Keyboard', 30)"
                    + " on duplicate key update price = values(price)");
            assertEquals(List.of("Keyboard", "Monitor"), column(s.executeQuery("select description from product order by 1")));
            assertEquals(List.of("commerce", "customer"), column(s.executeQuery("show keyspaces")));
            assertEquals(List.of("commerce/0", "customer/-80", "customer/80-"), column(s.executeQuery("show vitess_shards")));
            ResultSet t = s.executeQuery("show tables");
            assertEquals("Tables_in_commerce", t.getMetaData().getColumnLabel(1));
            assertTrue(column(t).contains("product"));
            assertEquals(List.of("1"), column(s.executeQuery("select 1")));
            s.execute("use commerce@replica");
            assertEquals(List.of("Monitor"), column(s.executeQuery("select description from product where sku = 'SKU-1001'")));
        }
    }

    @Test
    void jdbcServerPreparedStatementsRouteByTheirParameters() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + gateway.port()
                + "/customer?useSSL=false&useServerPrepStmts=true&cachePrepStmts=false", "app", "");
             PreparedStatement ins = c.prepareStatement("insert into customer(customer_id, email) values (?, ?)");
             PreparedStatement sel = c.prepareStatement("select customer_id, email from customer where customer_id = ?")) {
            ins.setLong(1, 41);
            ins.setString(2, "ps@x");
            assertEquals(1, ins.executeUpdate());
            sel.setLong(1, 41);
            ResultSet rs = sel.executeQuery();
            assertTrue(rs.next());
            assertEquals(41, rs.getLong(1));
            assertEquals("ps@x", rs.getString(2));
            assertFalse(rs.next());
        }
    }

    @Test
    void aShardedPreparedSelectRunsOnTheShardItsParameterHashesTo() throws Exception {
        // the same id on both shards, told apart by email: only the shard its hash names may answer
        long[] ids = {71, 72, 73, 74};
        for (TestMariaDb db : new TestMariaDb[] {low, high}) {
            try (Connection c = db.connect("vt_customer"); Statement s = c.createStatement()) {
                for (long id : ids) {
                    s.executeUpdate("insert into customer(customer_id, email) values (" + id + ", '" + (db == low ? "low" : "high") + "')");
                }
            }
        }
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + gateway.port()
                + "/customer?useSSL=false&useServerPrepStmts=true&cachePrepStmts=false", "app", "");
             PreparedStatement sel = c.prepareStatement("select email from customer where customer_id = ?")) {
            Set<String> seen = new HashSet<>();
            for (int round = 0; round < 2; round++) {
                for (long id : ids) {
                    sel.setLong(1, id);
                    String expected = ShardRef.of("-80").keyRange().contains(HashVindex.hash(id)) ? "low" : "high";
                    assertEquals(List.of(expected), column(sel.executeQuery()), "customer " + id);
                    seen.add(expected);
                }
            }
            assertEquals(2, seen.size(), "the ids cover both shards");
        }
    }

    @Test
    void aPreparedStatementFollowsUseAndNewRoutingBetweenExecutions() throws Exception {
        for (TestMariaDb db : new TestMariaDb[] {low, high}) {
            try (Connection c = db.connect("vt_customer"); Statement s = c.createStatement()) {
                s.executeUpdate("insert into customer(customer_id, email) values (" + (db == low ? 61 : 62) + ", 'route@x')");
            }
        }
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + gateway.port()
                + "/customer?useSSL=false&useServerPrepStmts=true&cachePrepStmts=false", "app", "");
             Statement s = c.createStatement();
             PreparedStatement sel = c.prepareStatement("select customer_id from customer where customer_id in (61, 62)")) {
            s.execute("use `customer/-80`");
            assertEquals(List.of("61"), column(sel.executeQuery()));
            s.execute("use `customer/80-`");
            assertEquals(List.of("62"), column(sel.executeQuery()), "after use, the same statement runs on the new target");
            s.execute("use `customer/-80`");
            gateway.updateRouting(routing(high));
            try {
                assertEquals(List.of("62"), column(sel.executeQuery()), "after a routing change, on the shard's new primary");
            } finally {
                gateway.updateRouting(routing(low));
            }
            assertEquals(List.of("61"), column(sel.executeQuery()));
        }
    }

    @Test
    void transactionsOnOneShardCommitAndRollBack() throws Exception {
        try (Connection c = connect("customer"); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("insert into customer(customer_id, email) values (21, 'tx@x')");
            c.rollback();
            s.executeUpdate("insert into customer(customer_id, email) values (22, 'tx@x')");
            c.commit();
            c.setAutoCommit(true);
            assertEquals(List.of("22"), column(s.executeQuery("select customer_id from customer where customer_id in (21, 22)")));
        }
    }

    @Test
    void clearErrors() throws Exception {
        try (Connection c = connect("customer"); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("select * from nowhere where customer_id = 1"));
            assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
            e = assertThrows(SQLException.class, () -> s.executeUpdate("update customer set customer_id = 9 where customer_id = 1"));
            assertTrue(e.getMessage().contains("primary vindex"), e.getMessage());
            e = assertThrows(SQLException.class, () -> s.execute("use nosuchkeyspace"));
            assertEquals(1049, e.getErrorCode());
            assertTrue(s.executeQuery("select 1").next(), "the session still works");
        }
    }

    @Test
    void mysqlClientPrintsTables() throws Exception {
        Process p = new ProcessBuilder("mysql", "-h", "127.0.0.1", "-P", Integer.toString(gateway.port()), "-u", "app", "--table",
                "-e", "use customer; insert into customer(customer_id, email) values (31, 'cli@x'); select customer_id, email from customer where customer_id = 31")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("cli@x"), out);
    }

    @Test
    void disconnectsAndGarbageDoNotHurtOtherClients() throws Exception {
        try (Connection healthy = connect("customer"); Statement s = healthy.createStatement()) {
            try (Socket raw = new Socket("127.0.0.1", gateway.port())) {
                InputStream in = raw.getInputStream();
                OutputStream out = raw.getOutputStream();
                in.readNBytes(4);
                out.write(new byte[] {3, 0, 0, 1, (byte) 0xff, (byte) 0xff, (byte) 0xff});
                out.flush();
            }
            for (int i = 0; i < 3; i++) {
                Connection quitter = connect("customer");
                Statement q = quitter.createStatement();
                q.setFetchSize(Integer.MIN_VALUE);  // streaming: the result is still arriving when we drop the socket
                ResultSet rs = q.executeQuery("select a.customer_id from customer a where customer_id < 100000");
                rs.next();
                ((JdbcConnection) quitter).abortInternal();
            }
            assertFalse(column(s.executeQuery("select customer_id from customer where customer_id = 1")).isEmpty());
        }
    }
}
