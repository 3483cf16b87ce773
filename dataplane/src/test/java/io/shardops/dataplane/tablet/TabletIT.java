package io.shardops.dataplane.tablet;

import io.shardops.dataplane.net.EventLoops;
import io.shardops.dataplane.credentials.BearerToken;
import io.shardops.dataplane.credentials.ClusterCredentials;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.dataplane.process.FreePorts;
import io.shardops.spec.TabletType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two tablets of commerce/0 (primary, replica) driven through their HTTP tablet manager and queried over the MySQL protocol. */
class TabletIT {
    /** One cluster's credentials: every tablet of the test shares them, as a cluster's tablets do. */
    static final ClusterCredentials CREDENTIALS = ClusterCredentials.generate();
    @TempDir
    static Path dir;

    static Vertx vertx;
    static Tablet primary;
    static Tablet replica;
    static TabletManager primaryManager;
    static TabletManager replicaManager;

    static Tablet start(int uid, TabletType type) throws Exception {
        TabletIdentity id = TabletIdentity.of(new TabletAlias("zone1", uid), "commerce", "0");
        Tablet.Config cfg = new Tablet.Config(id, type, dir.resolve("t" + uid), "127.0.0.1", FreePorts.one(), 0, 0, false, CREDENTIALS);
        return Tablet.start(vertx, cfg).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @BeforeAll
    static void startShard() throws Exception {
        vertx = EventLoops.start();
        primary = start(301, TabletType.REPLICA);
        replica = start(302, TabletType.REPLICA);
        System.out.printf("tablet mysqld start: copy %d ms + start %d ms; second: copy %d ms + start %d ms%n",
                primary.mysqldStart().copy().toMillis(), primary.mysqldStart().start().toMillis(),
                replica.mysqldStart().copy().toMillis(), replica.mysqldStart().start().toMillis());
        primaryManager = new HttpTabletManagerClient("127.0.0.1", primary.httpPort(), new BearerToken(CREDENTIALS.controlToken()));
        replicaManager = new HttpTabletManagerClient("127.0.0.1", replica.httpPort(), new BearerToken(CREDENTIALS.controlToken()));
        primaryManager.initPrimary();
        replicaManager.setReplicationSource("127.0.0.1", primary.mysqlPort());
        primaryManager.applySchema(ShardReplicationIT.COMMERCE_SCHEMA);
        replicaManager.waitForPosition(primaryManager.replicationPosition(), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stopShard() throws Exception {
        List<Future<Void>> stops = new ArrayList<>();
        for (Tablet t : new Tablet[] {primary, replica}) {
            if (t != null) {
                stops.add(t.stop(vertx));
            }
        }
        Future.join(stops).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        for (Tablet t : new Tablet[] {primary, replica}) {
            if (t != null) {
                assertFalse(t.mysqld().isRunning());
            }
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static Connection connect(Tablet t) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + t.queryPort() + "/commerce?sslMode=DISABLED&useServerPrepStmts=false",
                MysqlAccounts.APP_USER, CREDENTIALS.mysqlAccounts().appPassword());
    }

    @Test
    void writesThroughThePrimaryAreReadFromTheReplica() throws Exception {
        try (Connection c = connect(primary); Statement st = c.createStatement()) {
            st.executeUpdate("insert into customer(email) values ('alice@domain.com'), ('bob@domain.com')");
        }
        replicaManager.waitForPosition(primaryManager.replicationPosition(), Duration.ofSeconds(2));
        try (Connection c = connect(replica); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select customer_id, email from customer order by customer_id")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getLong(1) + " " + rs.getString(2));
            }
            assertEquals(List.of("1 alice@domain.com", "2 bob@domain.com"), rows);
        }
        try (Connection c = connect(primary)) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("insert into product values ('SKU-1001', 'Monitor', 100)");
            }
            c.rollback();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from product where sku = 'SKU-1001'")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "a rolled-back insert is gone");
            }
        }
    }

    @Test
    void aReplicaStartedUntilAPositionStopsExactlyThere() throws Exception {
        replicaManager.stopReplication();
        try {
            String until;
            try (Connection c = connect(primary); Statement st = c.createStatement()) {
                st.executeUpdate("insert into product values ('UNTIL-1', 'first', 1)");
                until = primaryManager.replicationPosition();
                st.executeUpdate("insert into product values ('UNTIL-2', 'second', 2)");
            }
            replicaManager.startReplicationUntil(until);
            replicaManager.waitForPosition(until, Duration.ofSeconds(5));
            Thread.sleep(300);
            assertEquals(until, replicaManager.replicationPosition(), "the replica stopped at the position asked for");
            try (Connection c = connect(replica); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select sku from product where sku like 'UNTIL-%' order by sku")) {
                assertTrue(rs.next());
                assertEquals("UNTIL-1", rs.getString(1));
                assertFalse(rs.next(), "the write after the position is not applied");
            }
        } finally {
            replicaManager.startReplication();
        }
        replicaManager.waitForPosition(primaryManager.replicationPosition(), Duration.ofSeconds(5));
    }

    @Test
    void theReplicaRefusesWrites() throws Exception {
        try (Connection c = connect(replica); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.executeUpdate("insert into product values ('x', 'y', 1)"));
            assertEquals(1105, e.getErrorCode());
            assertEquals("HY000", e.getSQLState());
            assertTrue(e.getMessage().contains("writes go to the shard's primary"), e.getMessage());
        }
    }

    @Test
    void deniedTablesAndTablesMissingFromTheSchemaGiveVitessErrors() throws Exception {
        try (Connection c = connect(replica); Statement st = c.createStatement()) {
            replicaManager.setDeniedTables(List.of("customer", "corder"));
            SQLException denied = assertThrows(SQLException.class, () -> st.executeQuery("select * from customer"));
            assertEquals(1105, denied.getErrorCode());
            assertEquals("disallowed due to rule: enforce denied tables", denied.getMessage());
            replicaManager.setDeniedTables(List.of());
            try (ResultSet rs = st.executeQuery("select count(*) from customer")) {
                assertTrue(rs.next());
            }
            SQLException missing = assertThrows(SQLException.class, () -> st.executeQuery("select * from nosuch"));
            assertEquals(1105, missing.getErrorCode());
            assertEquals("table nosuch not found in schema", missing.getMessage());
        }
    }

    @Test
    void aTableCreatedOnThePrimaryIsServedByTheReplicaAfterReplication() throws Exception {
        primaryManager.applySchema(List.of("create table later(id bigint primary key)"));
        replicaManager.waitForPosition(primaryManager.replicationPosition(), Duration.ofSeconds(2));
        Thread.sleep(250); // past the schema cache's reload rate limit
        try (Connection c = connect(replica); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from later")) {
            assertTrue(rs.next());
            assertEquals(0, rs.getInt(1));
        }
    }

    @Test
    void aTabletNotServingRefusesQueries() throws Exception {
        replicaManager.setServing(false);
        try (Connection c = connect(replica); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("select * from product"));
            assertEquals("operation not allowed in state NOT_SERVING", e.getMessage());
        } finally {
            replicaManager.setServing(true);
        }
        TabletStatus s = replicaManager.status();
        assertTrue(s.serving());
        assertEquals(TabletType.REPLICA, s.type());
        assertTrue(s.replication().healthy(), s.toString());
        assertEquals(TabletType.PRIMARY, primaryManager.status().type());
    }

    /**
     * Anyone on 127.0.0.1 could call the tablet manager (an anonymous apply-schema ran drop table) and log in
     * on the query port with any user: now both refuse without the cluster's credentials, and do nothing.
     */
    @Test
    void theManagerAndTheQueryPortRefuseCallersWithoutTheClusterCredentials() throws Exception {
        primaryManager.applySchema(List.of("create table guarded (id bigint primary key)"));
        for (String token : new String[] {null, "Bearer WrongWrongWrongWrongWrong0123456", "Basic c2hhcmRvcHM6c2hhcmRvcHM="}) {
            HttpURLConnection c = (HttpURLConnection) URI.create(
                    "http://127.0.0.1:" + primary.httpPort() + "/tablet-manager/apply-schema").toURL().openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            if (token != null) {
                c.setRequestProperty("Authorization", token);
            }
            try (var out = c.getOutputStream()) {
                out.write("{\"statements\":[\"drop table guarded\"]}".getBytes(StandardCharsets.UTF_8));
            }
            assertEquals(401, c.getResponseCode(), "token " + token);
            c.disconnect();
        }
        TabletManager wrong = new HttpTabletManagerClient("127.0.0.1", primary.httpPort(), new BearerToken(ClusterCredentials.generate().controlToken()));
        assertThrows(TabletManagerException.class, () -> wrong.applySchema(List.of("drop table guarded")));
        assertTrue(primaryManager.schema(List.of()).stream().anyMatch(t -> t.name().equals("guarded")), "the table was dropped");

        String url = "jdbc:mysql://127.0.0.1:" + primary.queryPort() + "/commerce?sslMode=DISABLED";
        for (String[] login : new String[][] {{"app", ""}, {MysqlAccounts.APP_USER, ""},
                {MysqlAccounts.APP_USER, "shardops_app"}, {"root", ""}}) {
            assertThrows(SQLException.class, () -> DriverManager.getConnection(url, login[0], login[1]).close(),
                    login[0] + " / '" + login[1] + "' logged in on the query port");
        }
        try (Connection c = connect(primary)) {
            assertTrue(c.isValid(2));
        }
        primaryManager.applySchema(List.of("drop table guarded"));
    }

    @Test
    void theMysqlClientSeesTheKeyspaceAsItsDatabase() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("mysql", "-h", "127.0.0.1", "-P", String.valueOf(primary.queryPort()),
                "-u", MysqlAccounts.APP_USER, "--table", "-e", "show tables").redirectErrorStream(true);
        pb.environment().put("MYSQL_PWD", CREDENTIALS.mysqlAccounts().appPassword()); // the query port takes the internal account only
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("Tables_in_commerce"), out);
        assertTrue(out.contains("| product "), out);
    }

    @Test
    void managerErrorsCrossHttpWithTheirReason() {
        TabletManagerException e = assertThrows(TabletManagerException.class,
                () -> replicaManager.applySchema(List.of("create table x (id int primary key)")));
        assertTrue(e.getMessage().contains("run it on the shard's primary"), e.getMessage());
        assertEquals(List.of("corder", "customer", "later", "product").containsAll(
                replicaManager.schema(List.of()).stream().map(TableSchema::name).toList()), true);
    }

    /** A primary whose mysqld is killed (-9) starts it again: the rows are there, it takes writes again, the host hears of it. */
    @Test
    void aPrimaryWhoseMysqldCrashedStartsItAgainAndTakesWrites() throws Exception {
        Tablet t = start(303, TabletType.REPLICA);
        try {
            TabletManager m = new HttpTabletManagerClient("127.0.0.1", t.httpPort(), new BearerToken(CREDENTIALS.controlToken()));
            m.initPrimary();
            m.applySchema(List.of("create table crashy(id bigint primary key)"));
            try (Connection c = connect(t); Statement st = c.createStatement()) {
                st.executeUpdate("insert into crashy values (1)");
            }
            CompletableFuture<Long> restarted = new CompletableFuture<>();
            t.onMysqldRestart(() -> restarted.complete(t.mysqld().pid().orElse(-1)));
            long before = t.mysqld().pid().orElseThrow();
            t.mysqld().kill();
            long after = restarted.get(60, TimeUnit.SECONDS);
            assertTrue(after > 0 && after != before, "a new mysqld runs: pid " + before + " -> " + after);
            TabletStatus s = m.status();
            assertTrue(s.mysqldRunning(), s.toString());
            assertEquals(TabletType.PRIMARY, s.type());
            assertEquals(List.of(), m.streams(), "the streams answer again");
            try (Connection c = connect(t); Statement st = c.createStatement()) {
                st.executeUpdate("insert into crashy values (2)");
                try (ResultSet rs = st.executeQuery("select count(*) from crashy")) {
                    rs.next();
                    assertEquals(2, rs.getInt(1), "the row from before the crash and the one after");
                }
            }
        } finally {
            t.stop(vertx).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        assertFalse(t.mysqld().isRunning(), "a stopped tablet's mysqld stays stopped");
    }
}
