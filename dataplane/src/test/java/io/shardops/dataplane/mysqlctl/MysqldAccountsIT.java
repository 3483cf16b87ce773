package io.shardops.dataplane.mysqlctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.process.FreePorts;
import io.shardops.spec.sql.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a local user who can reach a tablet's MariaDB gets: nothing without the cluster's passwords. Each
 * test is an attack that worked on the release with fixed accounts (root without a password, the public
 * {@code shardops/shardops} and {@code shardops_app/shardops_app}, mariadbd as OS root with
 * {@code secure_file_priv} empty, the app account on {@code *.*}).
 */
class MysqldAccountsIT {
    private static final int ACCESS_DENIED = 1045;
    private static final int ACCESS_DENIED_NO_PASSWORD = 1698;

    @TempDir
    static Path dir;
    static Mysqld server;

    @BeforeAll
    static void start() {
        server = new Mysqld(MysqldConfig.forTablet(901, dir.resolve("t901"), FreePorts.one()).withAppDatabase("shop"));
        server.start();
        try (Connection c = server.connectAdmin(null); Statement st = c.createStatement()) {
            st.execute("SET GLOBAL read_only = OFF"); // as a primary
            st.execute("CREATE DATABASE shop");
            st.execute("CREATE DATABASE other");
            st.execute("CREATE TABLE other.secret (id INT PRIMARY KEY)");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static SQLException refusedLogin(String user, String password) {
        return assertThrows(SQLException.class, () -> DriverManager.getConnection(server.jdbcUrl(null), user, password).close(),
                user + " logged in with password '" + password + "'");
    }

    @Test
    void rootCannotLogInOverTcpWithoutAPassword() {
        assertEquals(ACCESS_DENIED, refusedLogin("root", "").getErrorCode());
    }

    @Test
    void thePublicPasswordsOfEarlierReleasesAreRefused() {
        assertEquals(ACCESS_DENIED, refusedLogin(MysqlAccounts.ADMIN_USER, "shardops").getErrorCode());
        assertEquals(ACCESS_DENIED, refusedLogin(MysqlAccounts.APP_USER, "shardops_app").getErrorCode());
        assertEquals(ACCESS_DENIED, refusedLogin(MysqlAccounts.ADMIN_USER, "").getErrorCode());
        assertTrue(List.of(ACCESS_DENIED, ACCESS_DENIED_NO_PASSWORD).contains(refusedLogin("", "").getErrorCode()));
    }

    @Test
    void noAccountLogsInWithoutAPassword() throws Exception {
        List<String> open = new ArrayList<>();
        try (Connection c = server.connectAdmin(null); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT User, Host, plugin, authentication_string,"
                     + " JSON_EXTRACT(Priv, '$.account_locked') FROM mysql.global_priv JOIN mysql.user USING (User, Host)")) {
            while (rs.next()) {
                String plugin = rs.getString(3);
                boolean locked = "true".equals(rs.getString(5));
                boolean socketOnly = "unix_socket".equals(plugin);
                boolean empty = rs.getString(4) == null || rs.getString(4).isEmpty();
                if (!locked && !socketOnly && empty) {
                    open.add(rs.getString(1) + "@" + rs.getString(2));
                }
                assertNotEquals("", rs.getString(1), "an anonymous account is left");
                if ("root".equals(rs.getString(1))) {
                    assertEquals("localhost", rs.getString(2), "root may only log in over the socket");
                    assertEquals("unix_socket", plugin, "root logs in as OS root over the socket only");
                }
            }
        }
        assertEquals(List.of(), open, "accounts that log in without a password");
    }

    @Test
    void theServerDoesNotRunAsRoot() throws Exception {
        long pid = server.pid().orElseThrow();
        String owner = Files.getOwner(Path.of("/proc", Long.toString(pid))).getName();
        assertNotEquals("root", owner, "mariadbd runs as root");
        if (MysqlOsUser.runningAsRoot()) {
            assertEquals(MysqlOsUser.NAME, owner);
        }
        Path tabletDir = server.config().tabletDir();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tabletDir)),
                "other local users must not reach the datadir or the socket");
        assertEquals(owner, Files.getOwner(server.config().dataDir()).getName());
        assertFalse(Files.exists(server.config().initFile()), "the init file with the passwords is removed once the server is up");
    }

    @Test
    void selectIntoDumpfileCannotWriteOutsideTheTabletsOwnDirectory() throws Exception {
        Path target = dir.resolve("written-by-mysqld");
        try (Connection c = server.connectAdmin(null); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class,
                    () -> st.execute("SELECT 'x' INTO DUMPFILE " + Sql.literal(target.toString())));
            assertTrue(e.getMessage().contains("secure-file-priv"), e.getMessage());
            try (ResultSet rs = st.executeQuery("SELECT @@secure_file_priv")) {
                rs.next();
                assertEquals(server.config().secureFileDir() + "/", rs.getString(1));
            }
        }
        assertFalse(Files.exists(target));
    }

    @Test
    void theAppAccountIsLimitedToItsKeyspacesDatabase() throws Exception {
        try (Connection c = server.connectApp("shop"); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS t (id INT PRIMARY KEY)"); // its own database: schema and data
            assertThrows(SQLException.class, () -> st.executeQuery("SELECT User FROM mysql.user"), "app read mysql.user");
            assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM other.secret"), "app read another database");
            assertThrows(SQLException.class, () -> st.execute("DROP DATABASE other"), "app dropped another database");
            assertThrows(SQLException.class, () -> st.execute("CREATE DATABASE mine"), "app created a database");
        }
    }

    @Test
    void rotatedPasswordsReplaceTheOldOnesAtTheNextStart() throws Exception {
        Path t = dir.resolve("t902");
        MysqlAccounts first = MysqlAccounts.generate();
        Mysqld a = new Mysqld(MysqldConfig.forTablet(902, t, FreePorts.one()), first);
        a.start();
        a.stop();
        MysqlAccounts second = MysqlAccounts.generate();
        Mysqld b = new Mysqld(a.config(), second);
        try {
            b.start();
            try (Connection c = b.connectAdmin(null)) {
                assertTrue(c.isValid(2));
            }
            assertEquals(ACCESS_DENIED, assertThrows(SQLException.class, () -> DriverManager.getConnection(b.jdbcUrl(null),
                    MysqlAccounts.ADMIN_USER, first.adminPassword()).close()).getErrorCode());
        } finally {
            b.stop();
        }
    }
}
