package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * TLS between a client and the gateway: what MariaDB Connector/J 4 does at its defaults (it tries TLS and
 * refuses a server without it), and what a client that requires TLS gets.
 */
@Tag("tls")
abstract class TlsChecks {
    static int port() {
        return ClientsIT.cluster().port();
    }

    /** MariaDB Connector/J 4, copied to target/drivers by the build, in a class loader of its own beside version 3. */
    static Driver mariaDbConnectorJ4() throws Exception {
        Path jar = Path.of("target/drivers/mariadb-java-client-4.jar").toAbsolutePath();
        assertTrue(Files.exists(jar), "the build copies MariaDB Connector/J 4 to " + jar);
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        return (Driver) Class.forName("org.mariadb.jdbc.Driver", true, loader).getDeclaredConstructor().newInstance();
    }

    /**
     * MariaDB Connector/J 4 at its defaults plus the local cluster's CA (the state dir's
     * tls/gateway/ca.pem, as `shardops up` prints it). Without the CA, the driver checks a self-signed
     * certificate through a proof derived from the password. The suite's user {@code root} has no password, so
     * there is no proof, and the driver refuses, as it does against MariaDB itself.
     */
    @Test
    void mariaDbConnectorJ4ConnectsOverTlsGivenTheLocalCa() throws Exception {
        Driver driver = mariaDbConnectorJ4();
        assertEquals(4, driver.getMajorVersion());
        Path ca = ClientsIT.cluster().live().stateDir().resolve("tls/gateway/ca.pem");
        assertTrue(Files.exists(ca), "the local cluster's self-signed CA is at " + ca);
        Properties p = new Properties();
        p.put("user", "root");
        p.put("password", "");
        p.put("serverSslCert", ca.toString());
        try (Connection c = driver.connect("jdbc:mariadb://127.0.0.1:" + port() + "/customer", p);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select email from customer where customer_id = 4")) {
            assertTrue(rs.next());
            assertEquals("dan@domain.com", rs.getString(1));
        }
    }

    @Test
    void mysqlConnectorJWithSslModeRequiredConnects() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port() + "/customer?sslMode=REQUIRED", "root", "");
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select email from customer where customer_id = 1")) {
            assertTrue(rs.next());
            assertEquals("alice@domain.com", rs.getString(1));
        }
    }

    /** The CLI's own status says whether its connection is TLS (the MariaDB client falls back to plain when the server offers none). */
    @Test
    void theMysqlCliWithSslConnectsOverTls() throws Exception {
        FinalCluster.Cli out = ClientsIT.cluster().mysqlCli("customer", "status; select email from customer where customer_id = 1", "--ssl").ok();
        FinalCluster.assertContains(out.out(), "Cipher in use is");
        FinalCluster.assertContains(out.out(), "alice@domain.com");
    }
}
