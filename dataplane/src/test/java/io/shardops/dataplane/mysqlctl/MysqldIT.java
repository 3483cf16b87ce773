package io.shardops.dataplane.mysqlctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.process.FreePorts;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MysqldIT {
    @TempDir
    Path dir;

    private final List<Mysqld> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        for (Mysqld m : started) {
            m.stop();
            assertFalse(m.isRunning(), "server on port " + m.port() + " still running after stop");
        }
    }

    private Mysqld server(int uid, List<String> extra) throws Exception {
        Mysqld m = new Mysqld(MysqldConfig.forTablet(uid, dir.resolve("t" + uid), FreePorts.one()).withExtraArgs(extra).withAppDatabase("shop"));
        started.add(m);
        return m;
    }

    @Test
    void twoServersStartFromTheTemplateWithReplicationSettings() throws Exception {
        TemplateDataDir.ensure(MariaDbInstallation.detect());
        Mysqld a = server(101, List.of());
        Mysqld b = server(102, List.of());
        long t0 = System.nanoTime();
        CompletableFuture<Mysqld.StartReport> ra = CompletableFuture.supplyAsync(a::start);
        CompletableFuture<Mysqld.StartReport> rb = CompletableFuture.supplyAsync(b::start);
        Mysqld.StartReport reportA = ra.get(60, TimeUnit.SECONDS);
        Mysqld.StartReport reportB = rb.get(60, TimeUnit.SECONDS);
        long bothMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("copy+start: a copy=%d ms start=%d ms; b copy=%d ms start=%d ms; both ready after %d ms%n",
                reportA.copy().toMillis(), reportA.start().toMillis(), reportB.copy().toMillis(), reportB.start().toMillis(), bothMillis);

        try (Connection c = a.connectAdmin(null); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@server_id, @@read_only, @@log_bin, @@binlog_format, @@binlog_row_image,"
                     + " @@gtid_strict_mode, @@log_slave_updates, @@gtid_binlog_pos, @@performance_schema, @@port")) {
            assertTrue(rs.next());
            assertEquals(101, rs.getInt(1));
            assertEquals(1, rs.getInt(2), "a tablet's server starts read-only");
            assertEquals(1, rs.getInt(3));
            assertEquals("ROW", rs.getString(4));
            assertEquals("FULL", rs.getString(5));
            assertEquals(1, rs.getInt(6));
            assertEquals(1, rs.getInt(7));
            assertEquals("", rs.getString(8), "the template holds no transactions");
            assertEquals(0, rs.getInt(9));
            assertEquals(a.port(), rs.getInt(10));
        }
        assertInstanceOf(MysqldHealth.Running.class, b.health());
    }

    @Test
    void appAccountCannotWriteOnAReadOnlyServer() throws Exception {
        Mysqld a = server(103, List.of());
        a.start();
        try (Connection admin = a.connectAdmin(null); Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE shop");
            st.execute("CREATE TABLE shop.t (id INT PRIMARY KEY)");
        }
        try (Connection app = a.connectApp("shop"); Statement st = app.createStatement()) {
            var e = assertThrows(SQLException.class, () -> st.execute("INSERT INTO t VALUES (1)"));
            assertEquals(1290, e.getErrorCode(), e.getMessage());
        }
    }

    @Test
    void dataSurvivesARestartAndALeftoverServerIsAdopted() throws Exception {
        Mysqld a = server(104, List.of());
        a.start();
        try (Connection c = a.connectAdmin(null); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE keep");
        }
        a.stop();
        assertInstanceOf(MysqldHealth.Stopped.class, a.health());
        Mysqld.StartReport again = a.start();
        assertEquals(Duration.ZERO, again.copy(), "an existing datadir is reused");
        try (Connection c = a.connectAdmin("keep")) {
            assertTrue(c.isValid(2));
        }
        // A second owner of the same tablet dir (a restarted tablet process) adopts the running server.
        Mysqld second = new Mysqld(a.config(), a.accounts());
        Mysqld.StartReport adopted = second.start();
        assertTrue(adopted.adopted());
        assertEquals(a.pid(), second.pid());
    }

    @Test
    void aKilledServerIsReportedAsCrashedWithItsExitCode() throws Exception {
        Mysqld a = server(105, List.of());
        a.start();
        CompletableFuture<MysqldHealth.Crashed> heard = new CompletableFuture<>();
        a.onCrash(heard::complete);
        a.kill();
        MysqldHealth.Crashed crash = heard.get(10, TimeUnit.SECONDS);
        assertEquals(137, crash.exitCode().orElse(-1), crash.describe());
        assertFalse(crash.logTail().isEmpty(), "the crash report carries the error log's tail");
        assertInstanceOf(MysqldHealth.Crashed.class, a.health());
    }

    @Test
    void aServerThatCannotStartReportsExitCodeAndLog() throws Exception {
        Mysqld a = server(106, List.of("--no-such-option-for-test=1"));
        MysqldException e = assertThrows(MysqldException.class, a::start);
        assertTrue(e.exitCode().isPresent(), e.getMessage());
        assertTrue(e.getMessage().contains("no-such-option-for-test"), e.getMessage());
    }
}
