package io.shardops.dataplane.gateway;

import io.shardops.dataplane.net.EventLoops;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.mysql.Authenticator;
import io.shardops.dataplane.mysql.BackendConnection;
import io.shardops.dataplane.mysql.BackendEndpoint;
import io.shardops.dataplane.mysql.Commands;
import io.shardops.dataplane.mysql.DecodingSink;
import io.shardops.dataplane.mysql.ResponseTracker;
import io.shardops.dataplane.testing.TestMariaDb;
import io.shardops.spec.TabletType;
import io.shardops.spec.vschema.VSchema;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What applications meet first, through the gateway with the stock clients (MySQL Connector/J with default
 * properties, the {@code mysql} CLI): session state, utf8mb4, insert ids from sequences, binary data in text
 * statements, KILL. An unsharded {@code commerce} keyspace with the sequences and a {@code customer} keyspace
 * sharded by hash into {@code -80} and {@code 80-}, each on its own MariaDB.
 */
class ClientSessionIT {
    static TestMariaDb commerce;
    static TestMariaDb low;
    static TestMariaDb high;
    static Vertx vertx;
    static GatewayServer gateway;

    @BeforeAll
    static void start() throws Exception {
        commerce = TestMariaDb.start("vt_commerce");
        low = TestMariaDb.start("vt_customer");
        high = TestMariaDb.start("vt_customer");
        try (Connection c = commerce.connect("vt_commerce"); Statement s = c.createStatement()) {
            s.execute("create table customer_seq(id int, next_id bigint, cache bigint, primary key(id)) comment 'vitess_sequence'");
            s.execute("insert into customer_seq(id, next_id, cache) values(0, 1000, 100)");
            s.execute("create table files(id bigint not null auto_increment, data longblob, primary key(id))");
        }
        for (TestMariaDb db : List.of(low, high)) {
            try (Connection c = db.connect("vt_customer"); Statement s = c.createStatement()) {
                s.execute("create table customer(customer_id bigint not null, email varchar(128) character set utf8mb4, primary key(customer_id))");
                s.execute("create table blobs(id bigint not null, data longblob, primary key(id))");
            }
        }
        VSchema commerceV = new VSchema(false, Map.of(), Map.of(
                "files", VSchema.Table.PLAIN,
                "customer_seq", new VSchema.Table("sequence", List.of(), null)));
        VSchema customerV = new VSchema(true, Map.of("hash", new VSchema.Vindex("hash", Map.of())), Map.of(
                "customer", new VSchema.Table("", List.of(new VSchema.ColumnVindex("customer_id", "hash")),
                        new VSchema.AutoIncrement("customer_id", "customer_seq")),
                "blobs", new VSchema.Table("", List.of(new VSchema.ColumnVindex("id", "hash")), null)));
        StaticRoutingSnapshot routing = new StaticRoutingSnapshot(List.of(
                StaticRoutingSnapshot.KeyspaceRouting.of("commerce", commerceV, List.of(ShardRef.of("0")))
                        .withTablet("0", TabletType.PRIMARY, new TabletEndpoint("zone1-100", "127.0.0.1", commerce.port(), "vt_commerce")),
                StaticRoutingSnapshot.KeyspaceRouting.of("customer", customerV, List.of(ShardRef.of("-80"), ShardRef.of("80-")))
                        .withTablet("-80", TabletType.PRIMARY, new TabletEndpoint("zone1-300", "127.0.0.1", low.port(), "vt_customer"))
                        .withTablet("80-", TabletType.PRIMARY, new TabletEndpoint("zone1-400", "127.0.0.1", high.port(), "vt_customer"))));
        vertx = EventLoops.start();
        gateway = GatewayServer.start(vertx, GatewayConfig.of("127.0.0.1", 0, Authenticator.none(), "root", "").withInstances(2), routing)
                .await(10, TimeUnit.SECONDS);
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

    /** MySQL Connector/J with its default properties (but TLS, which the gateway does not offer yet). */
    static Connection connect(String db, String properties) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + gateway.port() + "/" + db + "?sslMode=DISABLED"
                + (properties.isEmpty() ? "" : "&" + properties), "app", "");
    }

    static String one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }

    static int errorCode(Statement s, String sql) {
        return assertThrows(SQLException.class, () -> s.execute(sql), sql).getErrorCode();
    }

    /** The {@code mysql} CLI against the gateway: its stdout, or a failure with its stderr. */
    static String mysqlCli(String db, byte[] stdin, String... args) throws Exception {
        return mysqlCli(gateway.port(), db, stdin, args);
    }

    static String mysqlCli(int port, String db, byte[] stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/mysql", "--no-defaults", "-h127.0.0.1", "-P" + port, "-uapp",
                "--skip-ssl", "-N", "-B"));
        cmd.addAll(List.of(args));
        cmd.add(db);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        p.getOutputStream().write(stdin);
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "mysql CLI did not finish");
        String message = new String(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> "mysql CLI failed: " + message.substring(Math.max(0, message.length() - 300)));
        return new String(out, StandardCharsets.UTF_8);
    }

    // ---- class 1: session state and utf8mb4 ----

    @Test
    void emojiGoesInAndComesBackThroughConnectorJAndTheMysqlCli() throws Exception {
        try (Connection c = connect("customer", ""); Statement s = c.createStatement()) {
            assertEquals("utf8mb4", one(s, "select @@character_set_client"));
            assertEquals("utf8mb4_general_ci", one(s, "select @@collation_connection"));
            try (PreparedStatement ps = c.prepareStatement("insert into customer(customer_id, email) values (?, ?)")) {
                ps.setLong(1, 1);
                ps.setString(2, "smile 😀 ünïcode");
                ps.executeUpdate();
            }
            s.executeUpdate("insert into customer(customer_id, email) values (4, 'rocket 🚀')");
            assertEquals("smile 😀 ünïcode", one(s, "select email from customer where customer_id = 1"));
            assertEquals("rocket 🚀", one(s, "select email from customer where customer_id = 4"));
        }
        String out = mysqlCli("customer", "insert into customer(customer_id, email) values (5, 'cli 🙂');\nselect email from customer where customer_id = 5;\n"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("cli 🙂", out.strip());
    }

    @Test
    void aClientsHandshakeCharacterSetIsTheSessions() throws Exception {
        // the CLI asks for latin1 in its handshake and sends latin1 bytes: MariaDB must read them as latin1
        byte[] latin1 = "select @@character_set_client, @@character_set_results;\ninsert into customer(customer_id, email) values (6, 'caf\u00e9');\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        String out = mysqlCli("customer", latin1, "--default-character-set=latin1");
        assertEquals("latin1\tlatin1", out.strip());
        try (Connection c = connect("customer", ""); Statement s = c.createStatement()) {
            assertEquals("caf\u00e9", one(s, "select email from customer where customer_id = 6"));
        }
    }

    @Test
    void systemAndUserVariablesFollowTheSessionNotThePooledConnection() throws Exception {
        try (Connection a = connect("customer", ""); Connection b = connect("customer", "");
             Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            String defaultZone = one(sb, "select @@time_zone");
            sa.execute("SET time_zone = '+05:00'");
            sa.execute("SET SESSION sql_mode = 'ANSI_QUOTES'");
            sa.execute("SET @x = 42, @greeting = 'héllo'");
            sa.execute("SET wait_timeout = 1234");
            for (int i = 0; i < 20; i++) {
                // B on the same pooled connections in between must see none of A's settings, A all of them
                assertEquals("+05:00", one(sa, "select @@session.time_zone, count(*) from customer where customer_id = " + (i % 2 == 0 ? 1 : 4)));
                assertEquals(defaultZone, one(sb, "select @@time_zone, count(*) from customer where customer_id = " + (i % 2 == 0 ? 4 : 1)));
                assertEquals("ANSI_QUOTES", one(sa, "select @@sql_mode"));
                assertEquals("42", one(sa, "select @x"));
                assertEquals("héllo", one(sa, "select @greeting"));
                assertEquals(null, one(sb, "select @x"));
                assertEquals("1234", one(sa, "select @@wait_timeout"));
            }
            assertEquals("43", one(sa, "select @x + 1, count(*) from customer where customer_id = 4"));
            sa.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
            assertEquals("READ-COMMITTED", one(sa, "select @@tx_isolation"));
            a.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            assertEquals(Connection.TRANSACTION_SERIALIZABLE, a.getTransactionIsolation());
            assertEquals("SERIALIZABLE", one(sa, "select @@session.tx_isolation"));
            assertEquals("REPEATABLE-READ", one(sb, "select @@tx_isolation"));
            sa.execute("SET NAMES utf8mb4");
            assertEquals("utf8mb4", one(sa, "select @@character_set_results"));
            assertEquals("+05:00", one(sa, "select @@time_zone"));
            sa.execute("SET time_zone = DEFAULT");
            assertEquals(defaultZone, one(sa, "select @@time_zone"));
            // a bad value is MariaDB's error, and the session keeps what it had
            assertEquals(1298, errorCode(sa, "SET time_zone = 'Nowhere/Never'"));
            assertEquals(defaultZone, one(sa, "select @@time_zone"));
            // as ORMs do: autocommit off, then the isolation level, then the transaction's statements
            b.setAutoCommit(false);
            b.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            assertEquals("READ-COMMITTED", one(sb, "select @@tx_isolation, count(*) from customer where customer_id = 4"));
            b.commit();
            b.setAutoCommit(true);
        }
    }

    @Test
    void resetConnectionReturnsTheSessionToItsStart() throws Exception {
        // COM_RESET_CONNECTION, as pools that reset a connection on return send it
        NetClient client = vertx.createNetClient();
        BackendEndpoint endpoint = new BackendEndpoint("127.0.0.1", gateway.port(),
                "app", "", "customer");
        io.shardops.dataplane.mysql.ResultSet after = BackendConnection.connect(vertx, client, endpoint)
                .compose(c -> c.execute("SET @x = 1, time_zone = '+02:00'")
                        .compose(ok -> c.queryResultSet("select @x, @@time_zone"))
                        .compose(before -> {
                            if (!"+02:00".equals(new String(before.rows().get(0)[1], StandardCharsets.UTF_8))) {
                                return Future.failedFuture("the SET did not take: " + new String(before.rows().get(0)[1], StandardCharsets.UTF_8));
                            }
                            DecodingSink reset = new DecodingSink();
                            c.forward(Buffer.buffer().appendByte((byte) Commands.COM_RESET_CONNECTION),
                                    ResponseTracker.Shape.SIMPLE, reset);
                            return reset.results();
                        })
                        .compose(ok -> c.queryResultSet("select @x, @@time_zone = @@global.time_zone"))
                        .andThen(ar -> c.close()))
                .await(20, TimeUnit.SECONDS);
        client.close();
        assertEquals(null, after.rows().get(0)[0]);
        assertEquals("1", new String(after.rows().get(0)[1], StandardCharsets.US_ASCII));
    }

    @Test
    void temporaryTablesAndNamedLocksKeepTheirConnection() throws Exception {
        for (String db : List.of("commerce", "customer")) {
            try (Connection c = connect(db, ""); Connection other = connect(db, ""); Connection third = connect(db, "");
                 Statement s = c.createStatement(); Statement o = other.createStatement(); Statement t = third.createStatement()) {
                boolean unsharded = db.equals("commerce");  // a sharded keyspace routes only its VSchema's tables
                if (unsharded) {
                    s.execute("create temporary table scratch(id bigint)");
                    s.execute("insert into scratch values (1), (2)");
                }
                assertEquals("1", one(s, "select get_lock('shardops-it-" + db + "', 5)"));
                // other sessions' transactions take the pools' most recently used connections meanwhile (sessions
                // spread over the gateway's two event loops, each with its own pools: one of them shares c's)
                String table = db.equals("commerce") ? "files where id" : "customer where customer_id";
                for (Connection x : List.of(other, third)) {
                    x.setAutoCommit(false);
                }
                for (Statement x : List.of(o, t)) {
                    one(x, "select count(*) from " + table + " = 1");
                    one(x, "select count(*) from " + table + " = 4");
                }
                if (unsharded) {
                    assertEquals("2", one(s, "select count(*) from scratch"));
                }
                assertEquals("1", one(s, "select release_lock('shardops-it-" + db + "')"));
                other.rollback();
                third.rollback();
            }
        }
    }

    @Test
    void whatTheGatewayCannotCarryIsRefusedNotDropped() throws Exception {
        try (Connection c = connect("customer", ""); Statement s = c.createStatement()) {
            assertEquals(1235, errorCode(s, "SET GLOBAL max_connections = 10"));
            assertEquals(1235, errorCode(s, "SET @@global.sql_mode = ''"));
            assertEquals(1235, errorCode(s, "select @y := 1"));
            assertEquals(1235, errorCode(s, "select email into @mail from customer where customer_id = 1"));
            assertEquals(1235, errorCode(s, "SET insert_id = 5"));
            assertEquals("1", one(s, "select 1"));  // the session is fine afterwards
        }
    }

    // ---- class 2: insert ids from sequences ----

    @Test
    void sequenceIdsReachGeneratedKeysAndLastInsertId() throws Exception {
        for (String props : List.of("", "useServerPrepStmts=true", "rewriteBatchedStatements=true")) {
            try (Connection c = connect("customer", props); Statement s = c.createStatement()) {
                s.executeUpdate("insert into customer(email) values ('plain " + props + "')", Statement.RETURN_GENERATED_KEYS);
                long id = generated(s.getGeneratedKeys()).get(0);
                assertEquals(Long.toString(id), one(s, "select customer_id from customer where email = 'plain " + props + "'"));
                assertEquals(Long.toString(id), one(s, "select last_insert_id()"));

                // several rows, landing on both shards: the first id, then consecutive ones
                s.executeUpdate("insert into customer(email) values ('m1 " + props + "'), ('m2 " + props + "'), ('m3 " + props + "'), ('m4 "
                        + props + "')", Statement.RETURN_GENERATED_KEYS);
                List<Long> ids = generated(s.getGeneratedKeys());
                assertEquals(4, ids.size());
                for (int i = 0; i < 4; i++) {
                    assertEquals(Long.toString(ids.get(i)), one(s, "select customer_id from customer where email = 'm" + (i + 1) + " " + props + "'"));
                }
                assertEquals(Long.toString(ids.get(0)), one(s, "select LAST_INSERT_ID()"));

                try (PreparedStatement ps = c.prepareStatement("insert into customer(email) values (?)", Statement.RETURN_GENERATED_KEYS)) {
                    for (int i = 0; i < 5; i++) {
                        ps.setString(1, "batch" + i + " " + props);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    List<Long> batch = generated(ps.getGeneratedKeys());
                    assertEquals(5, batch.size(), props);
                    for (int i = 0; i < 5; i++) {
                        assertEquals(Long.toString(batch.get(i)), one(s, "select customer_id from customer where email = 'batch" + i + " " + props + "'"), props);
                    }
                    ps.setString(1, "single " + props);
                    ps.executeUpdate();
                    long single = generated(ps.getGeneratedKeys()).get(0);
                    assertEquals(Long.toString(single), one(s, "select customer_id from customer where email = 'single " + props + "'"));
                }
            }
        }
    }

    static List<Long> generated(ResultSet keys) throws SQLException {
        List<Long> ids = new ArrayList<>();
        while (keys.next()) {
            ids.add(keys.getLong(1));
        }
        assertTrue(!ids.isEmpty() && ids.get(0) >= 1000, "ids from the sequence: " + ids);
        return ids;
    }

    // ---- class 3: bytes in text statements ----

    /** Binary data as the mysql CLI's user writes it into a text statement: raw bytes with mysql_real_escape_string's escapes. */
    static byte[] escaped(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : data) {
            switch (b) {
                case 0 -> out.writeBytes(new byte[] {'\\', '0'});
                case '\n' -> out.writeBytes(new byte[] {'\\', 'n'});
                case '\r' -> out.writeBytes(new byte[] {'\\', 'r'});
                case '\\' -> out.writeBytes(new byte[] {'\\', '\\'});
                case '\'' -> out.writeBytes(new byte[] {'\\', '\''});
                case '"' -> out.writeBytes(new byte[] {'\\', '"'});
                case 0x1a -> out.writeBytes(new byte[] {'\\', 'Z'});
                default -> out.write(b);
            }
        }
        return out.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aRandomBlobInTextStatementsComesBackByteExactOnEveryRoute() throws Exception {
        Random random = new Random(14);
        byte[][] blobs = new byte[5][5000];
        for (byte[] b : blobs) {
            random.nextBytes(b);
        }
        ByteArrayOutputStream sql = new ByteArrayOutputStream();
        // unsharded: passed through
        sql.writeBytes(ascii("use commerce;\ninsert into files(id, data) values (1, '"));
        sql.writeBytes(escaped(blobs[0]));
        sql.writeBytes(ascii("');\nuse customer;\n"));
        // sharded, one row: routed by its vindex value
        sql.writeBytes(ascii("insert into blobs(id, data) values (1, '"));
        sql.writeBytes(escaped(blobs[1]));
        // sharded, rows for both shards: split and rewritten by the gateway
        sql.writeBytes(ascii("');\ninsert into blobs(id, data) values (2, '"));
        sql.writeBytes(escaped(blobs[2]));
        sql.writeBytes(ascii("'), (4, '"));
        sql.writeBytes(escaped(blobs[3]));
        // sharded, _binary introducer
        sql.writeBytes(ascii("');\ninsert into blobs(id, data) values (5, _binary'"));
        sql.writeBytes(escaped(blobs[4]));
        sql.writeBytes(ascii("');\n"));
        Path file = Files.createTempFile("shardops-blob", ".sql");
        Files.write(file, sql.toByteArray());
        mysqlCli("commerce", Files.readAllBytes(file), "--binary-mode");
        Files.delete(file);

        try (Connection c = connect("commerce", ""); Statement s = c.createStatement()) {
            assertBlob(blobs[0], s, "select data from files where id = 1");
        }
        try (Connection c = connect("customer", ""); Statement s = c.createStatement()) {
            assertBlob(blobs[1], s, "select data from blobs where id = 1");
            assertBlob(blobs[2], s, "select data from blobs where id = 2");
            assertBlob(blobs[3], s, "select data from blobs where id = 4");
            assertBlob(blobs[4], s, "select data from blobs where id = 5");
            // a sharded lookup by the bytes themselves, rewritten nowhere but parsed
            try (PreparedStatement ps = c.prepareStatement("select id from blobs where data = ? and id in (1, 2, 4, 5) order by id")) {
                ps.setBytes(1, blobs[3]);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(4, rs.getLong(1));
                }
            }
        }
        // and the rows on the shards' MariaDB are the blob, not U+FFFD replacements
        try (Connection c = high.connect("vt_customer"); Statement s = c.createStatement()) {
            assertEquals("5000", one(s, "select max(length(data)) from blobs"));
        }
    }

    static void assertBlob(byte[] expected, Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            assertArrayEquals(expected, rs.getBytes(1), sql);
        }
    }

    // ---- class 7: KILL ----

    @Test
    void queryTimeoutKillsTheStatementOnItsBackendAndTheSessionGoesOn() throws Exception {
        try (Connection c = connect("customer", ""); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            long start = System.nanoTime();
            assertThrows(SQLTimeoutException.class, () -> s.executeQuery("select sleep(10)"));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 4000, "returned after " + millis + " ms");
            s.setQueryTimeout(0);
            assertEquals("1", one(s, "select 1"));
            assertEquals("0", one(s, "select count(*) from customer where customer_id = -1"));
        }
    }

    @Test
    void killConnectionEndsThatSessionAndUnknownIdsAreErrors() throws Exception {
        try (Connection victim = connect("customer", ""); Connection killer = connect("customer", "");
             Statement v = victim.createStatement(); Statement k = killer.createStatement()) {
            long id = Long.parseLong(one(v, "select connection_id()"));
            long own = Long.parseLong(one(k, "select connection_id()"));
            assertTrue(id != own);
            k.execute("KILL " + id);
            assertThrows(SQLException.class, () -> one(v, "select 1"));
            assertEquals(1094, errorCode(k, "KILL QUERY 987654321"));
            assertEquals("1", one(k, "select 1"));
        }
    }
}
