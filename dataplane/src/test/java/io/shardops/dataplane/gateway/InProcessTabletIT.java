package io.shardops.dataplane.gateway;

import io.shardops.dataplane.credentials.BearerToken;
import io.shardops.dataplane.credentials.ClusterCredentials;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.mysql.Authenticator;
import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.dataplane.net.EventLoops;
import io.shardops.dataplane.process.FreePorts;
import io.shardops.dataplane.tablet.Tablet;
import io.shardops.dataplane.tablet.TabletAlias;
import io.shardops.dataplane.tablet.TabletIdentity;
import io.shardops.spec.TabletType;
import io.shardops.spec.vschema.VSchema;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One real tablet behind two gateways: one reaches it over the MySQL protocol (as the Kubernetes
 * gateway role does), the other opens its sessions in process (as on a local node). A client must
 * not be able to tell them apart: same rows, same query-rule errors, same transactions.
 */
class InProcessTabletIT {
    /** One cluster's credentials: every tablet of the test shares them, as a cluster's tablets do. */
    static final ClusterCredentials CREDENTIALS = ClusterCredentials.generate();
    @TempDir
    static Path dir;

    static Vertx vertx;
    static Tablet tablet;
    static GatewayServer overTcp;
    static GatewayServer inProcess;

    @BeforeAll
    static void start() throws Exception {
        vertx = EventLoops.start();  // as a node runs: io_uring (else native epoll), so the tablet uses MariaDB's socket
        TabletIdentity id = TabletIdentity.of(new TabletAlias("zone1", 501), "commerce", "0");
        tablet = Tablet.start(vertx, new Tablet.Config(id, TabletType.REPLICA, dir.resolve("t501"), "127.0.0.1", FreePorts.one(), 0, 0, false, CREDENTIALS))
                .await(60, TimeUnit.SECONDS);
        tablet.manager().initPrimary();
        tablet.manager().applySchema(List.of(
                "create table product(sku varbinary(128), description varbinary(128), price bigint, primary key(sku))",
                "create table customer(customer_id bigint not null auto_increment, email varbinary(128), primary key(customer_id))",
                "create table reading(id bigint primary key, small tinyint, big bigint unsigned, amount decimal(12,3), day date,"
                        + " at datetime(6), span time, ratio double, label varchar(32), raw blob)"));
        TabletEndpoint remote = new TabletEndpoint(id.alias().toString(), "127.0.0.1", tablet.queryPort(), "commerce");
        overTcp = gateway(remote);
        inProcess = gateway(remote.inProcess(tablet.queryService()::openInProcess));
        try (Connection c = connect("tcp"); Statement s = c.createStatement()) {
            s.executeUpdate("insert into product values ('SKU-1001', 'Monitor', 100), ('SKU-1002', 'Keyboard', 30)");
            s.executeUpdate("insert into reading values (1, -5, 18446744073709551615, -12345.678, '2024-02-29', '2024-01-02 03:04:05.123456',"
                    + " '12:34:56', 2.5, 'it''s', x'00ff10'), (2, null, null, null, null, null, null, null, null, null),"
                    + " (3, 127, 0, 0.001, '1000-01-01', '9999-12-31 23:59:59.999999', '00:00:00', -1e300, '', '')");
        }
    }

    static GatewayServer gateway(TabletEndpoint endpoint) throws Exception {
        VSchema v = new VSchema(false, Map.of(), Map.of("product", VSchema.Table.PLAIN, "customer", VSchema.Table.PLAIN));
        StaticRoutingSnapshot.KeyspaceRouting ks = StaticRoutingSnapshot.KeyspaceRouting.of("commerce", v, List.of(ShardRef.of("0")))
                .withTablet("0", TabletType.PRIMARY, endpoint);
        return GatewayServer.start(vertx, GatewayConfig.of("127.0.0.1", 0, Authenticator.none(), MysqlAccounts.APP_USER, CREDENTIALS.mysqlAccounts().appPassword()).withInstances(2),
                new StaticRoutingSnapshot(List.of(ks))).await(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (tablet != null) {
            tablet.stop(vertx).await(60, TimeUnit.SECONDS);
        }
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /** Over its Unix socket MariaDB sees the tablet's account from localhost (over TCP it would be 127.0.0.1). */
    @Test
    void theTabletReachesItsOwnMariaDbOverItsUnixSocket() throws Exception {
        for (String path : List.of("tcp", "in-process")) {
            try (Connection c = connect(path); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select current_user()")) {
                assertTrue(rs.next());
                assertEquals(MysqlAccounts.APP_USER + "@localhost", rs.getString(1), path);
            }
        }
    }

    static Connection connect(String path) throws SQLException {
        int port = path.equals("tcp") ? overTcp.port() : inProcess.port();
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/commerce?sslMode=DISABLED&useServerPrepStmts=true", "app", "");
    }

    static Connection direct() throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + tablet.mysqlPort() + "/" + tablet.identity().database()
                + "?sslMode=DISABLED&useServerPrepStmts=true", MysqlAccounts.APP_USER, CREDENTIALS.mysqlAccounts().appPassword());
    }

    /** Every column of every row as the driver typed it: its SQL type, its Java class and its value. */
    static List<String> typedRows(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> out = new ArrayList<>();
        while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                Object v = rs.getObject(i);
                row.append(md.getColumnName(i)).append(':').append(md.getColumnTypeName(i)).append('(')
                        .append(md.getPrecision(i)).append(',').append(md.getScale(i)).append(")=")
                        .append(v == null ? "NULL" : v instanceof byte[] b ? HexFormat.of().formatHex(b)
                                : v.getClass().getSimpleName() + " " + v).append(' ');
            }
            out.add(row.toString());
        }
        return out;
    }

    /** Runs the same prepared statements on {@code c}: a range, every parameter type, a NULL parameter, a blob written. */
    static List<String> preparedAnswers(Connection c, long blobId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement range = c.prepareStatement("select * from reading where id >= ? and id < 10 order by id");
             PreparedStatement nulls = c.prepareStatement("select id from reading where ? is null and small is null");
             PreparedStatement write = c.prepareStatement("insert into reading(id, raw, amount) values (?, ?, ?)")) {
            for (long from : new long[] {1, 2, 3}) {  // executed again: the driver then sends no parameter types
                range.setLong(1, from);
                out.addAll(typedRows(range.executeQuery()));
            }
            Map<String, Object> byColumn = new LinkedHashMap<>();
            byColumn.put("small", -5);
            byColumn.put("big", new BigDecimal("18446744073709551615"));
            byColumn.put("amount", new BigDecimal("-12345.678"));
            byColumn.put("day", Date.valueOf("2024-02-29"));
            // whole seconds: Connector/J drops fractions for a server whose version reads below 5.6.4, as MariaDB's "5.5.5-10..." does
            byColumn.put("at", Timestamp.valueOf("2024-01-02 03:04:05"));
            byColumn.put("ratio", 2.5);
            byColumn.put("label", "it's");
            byColumn.put("raw", new byte[] {0, (byte) 0xff, 0x10});
            for (Map.Entry<String, Object> e : byColumn.entrySet()) {
                try (PreparedStatement typed = c.prepareStatement("select id from reading where " + e.getKey() + " >= ? order by id")) {
                    typed.setObject(1, e.getValue());
                    out.add(e.getKey() + " " + typedRows(typed.executeQuery()));
                }
            }
            nulls.setNull(1, Types.INTEGER);
            out.addAll(typedRows(nulls.executeQuery()));
            write.setLong(1, blobId);
            write.setBytes(2, new byte[] {1, 2, 3, 0, (byte) 0x80});
            write.setNull(3, Types.DECIMAL);
            out.add("inserted " + write.executeUpdate());
            range.setLong(1, blobId);
            out.addAll(typedRows(range.executeQuery()));
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate("delete from reading where id = " + blobId);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "in-process"})
    void preparedStatementsAnswerAsMariaDbItself(String path) throws Exception {
        List<String> expected;
        try (Connection c = direct()) {
            expected = preparedAnswers(c, 9);
        }
        long executedBefore = statementExecutions();
        try (Connection c = connect(path)) {
            assertEquals(expected, preparedAnswers(c, 9));
        }
        assertTrue(statementExecutions() - executedBefore >= 14, "MariaDB ran the 14 executions as prepared statements");
    }

    /** MariaDB's count of COM_STMT_EXECUTE commands it has run. */
    static long statementExecutions() throws SQLException {
        try (Connection d = direct(); Statement s = d.createStatement();
             ResultSet rs = s.executeQuery("show global status like 'Com_stmt_execute'")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "in-process"})
    void preparedStatementsGetTheSameErrors(String path) throws Exception {
        try (Connection c = connect(path); Connection d = direct();
             PreparedStatement unknown = c.prepareStatement("select * from nosuch where a = ?");
             PreparedStatement denied = c.prepareStatement("select * from customer where customer_id = ?");
             PreparedStatement dup = c.prepareStatement("insert into product values (?, 'again', 1)");
             PreparedStatement dupDirect = d.prepareStatement("insert into product values (?, 'again', 1)")) {
            unknown.setInt(1, 1);
            SQLException e = assertThrows(SQLException.class, unknown::executeQuery);
            assertEquals("table nosuch not found in schema", e.getMessage());
            assertEquals(1105, e.getErrorCode());
            synchronized (InProcessTabletIT.class) {
                tablet.manager().setDeniedTables(List.of("customer"));
                try {
                    denied.setLong(1, 1);
                    e = assertThrows(SQLException.class, denied::executeQuery);
                    assertEquals("disallowed due to rule: enforce denied tables", e.getMessage());
                    assertEquals("HY000", e.getSQLState());
                } finally {
                    tablet.manager().setDeniedTables(List.of());
                }
            }
            assertEquals(List.of(), rows(denied.executeQuery()), "the same statement runs once the table is allowed again");
            dup.setString(1, "SKU-1001");
            dupDirect.setString(1, "SKU-1001");
            SQLException mine = assertThrows(SQLException.class, dup::executeUpdate);
            SQLException theirs = assertThrows(SQLException.class, dupDirect::executeUpdate);
            assertEquals(List.of(theirs.getErrorCode(), theirs.getSQLState(), theirs.getMessage()),
                    List.of(mine.getErrorCode(), mine.getSQLState(), mine.getMessage()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "in-process"})
    void aPreparedStatementOutlivesItsMariaDbConnection(String path) throws Exception {
        try (Connection c = connect(path); PreparedStatement ps = c.prepareStatement("select sku, price from product where sku = ?")) {
            ps.setString(1, "SKU-1002");
            assertEquals(List.of("SKU-1002 30"), rows(ps.executeQuery()));
            killQueryServiceConnections();
            ps.setString(1, "SKU-1001");
            assertEquals(List.of("SKU-1001 100"), rows(ps.executeQuery()), "prepared again on the tablet's new MariaDB connection");
        }
    }

    /** Ends every MariaDB connection of the tablet's query service, as a MariaDB restart would, and waits until they are gone. */
    static void killQueryServiceConnections() throws Exception {
        try (Connection d = direct(); Statement s = d.createStatement()) {
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select id from information_schema.processlist where user = '"
                    + MysqlAccounts.APP_USER + "' and id <> connection_id()")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            for (long id : ids) {
                s.execute("kill connection " + id);
            }
            for (int i = 0; i < 100; i++) {
                try (ResultSet rs = s.executeQuery("select count(*) from information_schema.processlist where user = '"
                        + MysqlAccounts.APP_USER + "' and id <> connection_id()")) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        break;
                    }
                }
                Thread.sleep(50);
            }
            Thread.sleep(200);  // the query service reads the closed sockets
        }
    }

    static List<String> rows(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
            out.add(rs.getString(1) + " " + rs.getLong(2));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "in-process"})
    void readsWithTextAndPreparedStatements(String path) throws Exception {
        try (Connection c = connect(path); Statement s = c.createStatement();
             PreparedStatement ps = c.prepareStatement("select sku, price from product where price > ? order by sku")) {
            assertEquals(List.of("SKU-1001 100", "SKU-1002 30"), rows(s.executeQuery("select sku, price from product order by sku")));
            ps.setLong(1, 50);
            assertEquals(List.of("SKU-1001 100"), rows(ps.executeQuery()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "in-process"})
    void queryRulesAnswerTheSameErrors(String path) throws Exception {
        try (Connection c = connect(path); Statement s = c.createStatement()) {
            SQLException unknown = assertThrows(SQLException.class, () -> s.executeQuery("select * from nosuch"));
            assertEquals("table nosuch not found in schema", unknown.getMessage());
            assertEquals(1105, unknown.getErrorCode());
            synchronized (InProcessTabletIT.class) {
                tablet.manager().setDeniedTables(List.of("customer"));
                try {
                    SQLException denied = assertThrows(SQLException.class, () -> s.executeQuery("select * from customer"));
                    assertEquals("disallowed due to rule: enforce denied tables", denied.getMessage());
                    assertEquals("HY000", denied.getSQLState());
                } finally {
                    tablet.manager().setDeniedTables(List.of());
                }
            }
            assertEquals(List.of("SKU-1001 100"), rows(s.executeQuery("select sku, price from product where sku = 'SKU-1001'")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "in-process"})
    void binaryBytesInTextStatementsReachMariaDbUnchanged(String path) throws Exception {
        byte[] blob = new byte[5000];
        new Random(path.length()).nextBytes(blob);
        long id = path.equals("tcp") ? 200 : 201;
        ByteArrayOutputStream sql = new ByteArrayOutputStream();
        sql.writeBytes(("insert into reading(id, raw) values (" + id + ", '").getBytes(StandardCharsets.US_ASCII));
        sql.writeBytes(ClientSessionIT.escaped(blob));
        sql.writeBytes("');\n".getBytes(StandardCharsets.US_ASCII));
        ClientSessionIT.mysqlCli(path.equals("tcp") ? overTcp.port() : inProcess.port(), "commerce", sql.toByteArray(), "--binary-mode");
        try (Connection c = direct(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select raw from reading where id = " + id)) {
                assertTrue(rs.next());
                Assertions.assertArrayEquals(blob, rs.getBytes(1));
            }
            s.executeUpdate("delete from reading where id = " + id);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "in-process"})
    void sessionSettingsAndQueryTimeoutsReachTheTabletsMariaDb(String path) throws Exception {
        try (Connection a = connect(path); Connection b = connect(path); Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            sa.execute("SET time_zone = '+03:00', @v = 'x'");
            for (int i = 0; i < 5; i++) {
                try (ResultSet rs = sa.executeQuery("select @@time_zone, @v, count(*) from product")) {
                    assertTrue(rs.next());
                    assertEquals("+03:00", rs.getString(1));
                    assertEquals("x", rs.getString(2));
                }
                try (ResultSet rs = sb.executeQuery("select @v")) {
                    assertTrue(rs.next());
                    assertEquals(null, rs.getString(1));
                }
            }
            sa.setQueryTimeout(1);
            long start = System.nanoTime();
            assertThrows(SQLTimeoutException.class, () -> sa.executeQuery("select sleep(10)"));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 4000, "returned after " + millis + " ms");
            sa.setQueryTimeout(0);
            try (ResultSet rs = sa.executeQuery("select @@time_zone")) {
                assertTrue(rs.next());
                assertEquals("+03:00", rs.getString(1));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "in-process"})
    void aTransactionKeepsItsTabletSession(String path) throws Exception {
        String sku = "SKU-" + path;
        try (Connection c = connect(path); Connection other = connect(path)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into product values ('" + sku + "', 'Mouse', 10)");
                assertEquals(List.of(sku + " 10"), rows(s.executeQuery("select sku, price from product where sku = '" + sku + "'")));
            }
            try (Statement s = other.createStatement()) {
                assertEquals(List.of(), rows(s.executeQuery("select sku, price from product where sku = '" + sku + "'")),
                        "an uncommitted row is not seen by another client");
            }
            c.rollback();
            try (Statement s = c.createStatement()) {
                assertEquals(List.of(), rows(s.executeQuery("select sku, price from product where sku = '" + sku + "'")));
            }
        }
    }
}
