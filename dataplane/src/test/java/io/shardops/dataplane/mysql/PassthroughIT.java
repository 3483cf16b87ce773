package io.shardops.dataplane.mysql;

import io.shardops.dataplane.net.EventLoops;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.testing.TestMariaDb;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A shardops MySQL server forwarding every command to a real MariaDB, used by real clients. */
class PassthroughIT {
    static TestMariaDb db;
    static Vertx vertx;
    static MysqlServer open;
    static MysqlServer secured;

    @BeforeAll
    static void start() throws Exception {
        db = TestMariaDb.start("app");
        try (Connection c = db.connect("app"); Statement s = c.createStatement()) {
            s.execute("create table t (id bigint primary key, name varchar(64), price decimal(10,2), d datetime(6), b varbinary(16), f double)");
            s.execute("insert into t values (1, 'alice', 1.50, '2024-01-02 03:04:05.123456', x'00ff', 2.5), (2, 'bob', null, null, null, null)");
        }
        vertx = EventLoops.start();
        NetClient client = vertx.createNetClient();
        BackendEndpoint backend = new BackendEndpoint("127.0.0.1", db.port(), "root", "", "app");
        open = MysqlServer.start(vertx, ServerConfig.of("127.0.0.1", 0, Authenticator.none()).withInstances(2),
                () -> new ForwardingSession(client, backend)).await(10, TimeUnit.SECONDS);
        secured = MysqlServer.start(vertx, ServerConfig.of("127.0.0.1", 0,
                        Authenticator.Static.ofPasswords(Map.of("app", "s3cret"))).withInstances(1),
                () -> new ForwardingSession(client, backend)).await(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        if (db != null) {
            db.close();
        }
    }

    static Connection jdbc(MysqlServer server, String extra, String user, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port() + "/app?useSSL=false" + extra, user, password);
    }

    @Test
    void jdbcTextQueriesRoundTrip() throws Exception {
        try (Connection c = jdbc(open, "", "anyone", "x"); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("select id, name, price from t order by id");
            assertTrue(rs.next());
            assertEquals(1, rs.getLong(1));
            assertEquals("alice", rs.getString(2));
            assertEquals("1.50", rs.getBigDecimal(3).toPlainString());
            assertTrue(rs.next());
            assertEquals(null, rs.getString(3));
            assertFalse(rs.next());
            assertEquals(1, s.executeUpdate("update t set name = 'bobby' where id = 2"));
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("select * from missing"));
            assertEquals(1146, e.getErrorCode());
            assertEquals("42S02", e.getSQLState());
        }
    }

    @Test
    void jdbcServerPreparedStatementsGetBinaryRows() throws Exception {
        try (Connection c = jdbc(open, "&useServerPrepStmts=true&cachePrepStmts=false", "u", "");
             PreparedStatement ps = c.prepareStatement("select id, name, price, d, b, f from t where id = ? and name <> ?")) {
            ps.setLong(1, 1);
            ps.setString(2, "it's \"quoted\"");
            ResultSet rs = ps.executeQuery();
            assertTrue(rs.next());
            assertEquals(1, rs.getLong("id"));
            assertEquals("alice", rs.getString("name"));
            assertEquals("1.50", rs.getBigDecimal("price").toPlainString());
            assertEquals("2024-01-02T03:04:05.123456", rs.getTimestamp("d").toLocalDateTime().toString());
            assertArrayEquals(new byte[] {0, (byte) 0xff}, rs.getBytes("b"));
            assertEquals(2.5, rs.getDouble("f"));
            assertFalse(rs.next());
            ps.setLong(1, 2);
            ps.setString(2, "zzz");
            rs = ps.executeQuery();
            assertTrue(rs.next());
            assertEquals(null, rs.getBigDecimal("price"));
            assertEquals(null, rs.getTimestamp("d"));
        }
    }

    @Test
    void staticAuthChecksThePassword() throws Exception {
        try (Connection c = jdbc(secured, "", "app", "s3cret"); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("select count(*) from t");
            assertTrue(rs.next());
        }
        SQLException e = assertThrows(SQLException.class, () -> jdbc(secured, "", "app", "wrong"));
        assertEquals(1045, e.getErrorCode());
    }

    @Test
    void mysqlCommandLineClientWorks() throws Exception {
        Process p = new ProcessBuilder("mysql", "-h", "127.0.0.1", "-P", Integer.toString(open.port()), "-u", "root",
                "--table", "app", "-e", "select id, name from t where id = 1; show tables")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("| 1  | alice |") || out.contains("|  1 | alice |"), out);
        assertTrue(out.contains("Tables_in_app"), out);
    }

    @Test
    void oversizedOrMalformedPacketsCloseOnlyThatConnection() throws Exception {
        try (Connection healthy = jdbc(open, "", "u", ""); Statement s = healthy.createStatement()) {
            // a declared 16 MB packet split into continuations whose total exceeds the 64 MB bound
            try (Socket raw = new Socket("127.0.0.1", open.port())) {
                raw.setSoTimeout(5000);
                InputStream in = raw.getInputStream();
                OutputStream out = raw.getOutputStream();
                readPacket(in);
                out.write(new byte[] {5, 0, 0, 1, 1, 2, 3, 4, 5});  // not a handshake response
                out.flush();
                byte[] err = readPacket(in);
                assertEquals((byte) 0xff, err[0]);
                assertEquals(-1, in.read());
            }
            try (Socket raw = new Socket("127.0.0.1", open.port())) {
                raw.setSoTimeout(5000);
                InputStream in = raw.getInputStream();
                OutputStream out = raw.getOutputStream();
                readPacket(in);
                byte[] header = new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 1};
                for (int i = 0; i < 5; i++) {
                    out.write(header);
                    out.write(new byte[0xffffff]);
                }
                out.flush();
                byte[] err = readPacket(in);
                assertEquals((byte) 0xff, err[0]);
            } catch (SocketException expected) {
                // the server may close before we finish writing; what matters is that it lives on
            }
            ResultSet rs = s.executeQuery("select 1");
            assertTrue(rs.next());
        }
        try (Connection fresh = jdbc(open, "", "u", ""); Statement s = fresh.createStatement()) {
            assertTrue(s.executeQuery("select 2").next());
        }
    }

    static byte[] readPacket(InputStream in) throws Exception {
        byte[] h = in.readNBytes(4);
        int len = (h[0] & 0xff) | (h[1] & 0xff) << 8 | (h[2] & 0xff) << 16;
        return in.readNBytes(len);
    }

    @Test
    void clientDisconnectingMidResultLeavesServerServing() throws Exception {
        try (Connection c = jdbc(open, "", "u", ""); Statement s = c.createStatement()) {
            s.execute("create table if not exists big (id int primary key, pad varchar(200))");
            s.execute("insert ignore into big select seq, repeat('x', 200) from seq_1_to_20000");
        }
        for (int round = 0; round < 3; round++) {
            try (Socket raw = new Socket("127.0.0.1", open.port())) {
                InputStream in = raw.getInputStream();
                OutputStream out = raw.getOutputStream();
                readPacket(in);
                HandshakeResponse hr = new HandshakeResponse(CapabilityFlags.BACKEND_CLIENT, 1 << 24, 33, "u",
                        new byte[0], "app", NativePassword.PLUGIN);
                Buffer b = Buffer.buffer();
                PacketFramer.frame(b, 1, hr.encode());
                out.write(b.getBytes());
                readPacket(in);
                b = Buffer.buffer();
                PacketFramer.frame(b, 0, BackendConnection.comQuery("select * from big a join big b limit 2000000"));
                out.write(b.getBytes());
                out.flush();
                in.readNBytes(10000);
            }
        }
        try (Connection c = jdbc(open, "", "u", ""); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("select count(*) from big");
            assertTrue(rs.next());
            assertEquals(20000, rs.getInt(1));
        }
    }

    /**
     * A client connection made from a thread off the event loop (a test, a CLI) must log in every
     * time. It used to attach its reader only when the caller got back from connect, and when the
     * server's handshake had been read before that, Vert.x dropped it and the login waited forever
     * (this class's intermittent 10 s timeout in decodedQueriesThroughTheClientSide).
     */
    @Test
    void loginsStartedOffTheEventLoopAlwaysComplete() throws Exception {
        NetClient late = new LateReturningNetClient(vertx.createNetClient());
        BackendEndpoint endpoint = new BackendEndpoint("127.0.0.1", open.port(), "u", "", "app");
        for (int i = 0; i < 20; i++) {
            List<QueryResponse> r = BackendConnection.connect(vertx, late, endpoint)
                    .compose(conn -> conn.query("select 1").andThen(ar -> conn.close()))
                    .await(5, TimeUnit.SECONDS);
            assertEquals("1", ((io.shardops.dataplane.mysql.ResultSet) r.get(0)).text(0, 0), "login " + i);
        }
        // the variant that needs an event loop says so at once instead of hanging
        Throwable offLoop = BackendConnection.connect(late, endpoint).cause();
        assertTrue(offLoop instanceof IllegalStateException && offLoop.getMessage().contains("off an event loop"), String.valueOf(offLoop));
    }

    @Test
    void decodedQueriesThroughTheClientSide() throws Exception {
        NetClient client = vertx.createNetClient();
        // connected, queried and closed on the connection's event loop, as BackendConnection requires
        List<QueryResponse> r = BackendConnection.connect(vertx, client, new BackendEndpoint("127.0.0.1", open.port(), "u", "", "app"))
                .compose(conn -> conn.query("select name from t where id = 1").andThen(ar -> conn.close()))
                .await(10, TimeUnit.SECONDS);
        io.shardops.dataplane.mysql.ResultSet rs = (io.shardops.dataplane.mysql.ResultSet) r.get(0);
        assertEquals("alice", rs.text(0, 0));
    }
}
