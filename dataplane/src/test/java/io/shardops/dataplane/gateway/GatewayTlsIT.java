package io.shardops.dataplane.gateway;

import io.shardops.dataplane.net.EventLoops;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.mysql.Authenticator;
import io.shardops.dataplane.mysql.ConnectionLimits;
import io.shardops.dataplane.mysql.PacketBudget;
import io.shardops.dataplane.mysql.ServerTls;
import io.shardops.dataplane.testing.TestMariaDb;
import io.shardops.dataplane.tls.SelfSignedTls;
import io.shardops.spec.TabletType;
import io.shardops.spec.vschema.VSchema;
import io.vertx.core.Vertx;
import java.io.DataInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS on the gateway (issue 14, class 8) with real clients: the mysql CLI verifying the server's
 * certificate, MySQL Connector/J with sslMode REQUIRED and VERIFY_CA, MariaDB Connector/J at its
 * defaults, and a gateway that requires TLS refusing a plain login with 3159.
 */
class GatewayTlsIT {
    static final Authenticator USERS = Authenticator.Static.ofPasswords(Map.of("app", "secret"));
    static TestMariaDb commerce;
    static Vertx vertx;
    static Path dir;
    static SelfSignedTls.TlsFiles files;
    static GatewayServer optional;
    static GatewayServer required;
    static Path truststore;

    @BeforeAll
    static void start() throws Exception {
        commerce = TestMariaDb.start("vt_commerce");
        try (Connection c = commerce.connect("vt_commerce"); Statement s = c.createStatement()) {
            s.execute("create table product(sku varbinary(128), price bigint, primary key(sku))");
            s.execute("insert into product values ('tls-1', 42)");
        }
        dir = Files.createTempDirectory("shardops-tls-it");
        files = SelfSignedTls.ensure(dir.resolve("tls"), List.of());
        vertx = EventLoops.start();
        optional = gateway(new ServerTls(files.cert(), files.key(), false));
        required = gateway(new ServerTls(files.cert(), files.key(), true));
        truststore = dir.resolve("trust.p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(files.ca())) {
            ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        try (OutputStream out = Files.newOutputStream(truststore)) {
            ks.store(out, "changeit".toCharArray());
        }
    }

    static GatewayServer gateway(ServerTls tls) throws Exception {
        return gateway(tls, ConnectionLimits.DEFAULT);
    }

    static GatewayServer gateway(ServerTls tls, ConnectionLimits limits) throws Exception {
        VSchema v = new VSchema(false, Map.of(), Map.of("product", VSchema.Table.PLAIN));
        StaticRoutingSnapshot routing = new StaticRoutingSnapshot(List.of(
                StaticRoutingSnapshot.KeyspaceRouting.of("commerce", v, List.of(ShardRef.of("0")))
                        .withTablet("0", TabletType.PRIMARY, new TabletEndpoint("zone1-100", "127.0.0.1", commerce.port(), "vt_commerce"))));
        GatewayConfig config = GatewayConfig.of("127.0.0.1", 0, USERS, "root", "").withInstances(2).withTls(tls).withLimits(limits);
        return GatewayServer.start(vertx, config, routing).await(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        if (commerce != null) {
            commerce.close();
        }
    }

    static long price(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select price from product where sku = 'tls-1'")) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    @Test
    void theGeneratedKeyIsReadableByItsOwnerOnly() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.key())));
        assertTrue(Files.readString(files.cert()).startsWith("-----BEGIN CERTIFICATE-----"));
    }

    @Test
    void mysqlCliVerifiesTheGatewayCertificateAndUsesTls() throws Exception {
        for (GatewayServer gw : List.of(optional, required)) {
            Process p = new ProcessBuilder("mysql", "--no-defaults", "-h127.0.0.1", "-P" + gw.port(), "-uapp", "-psecret",
                    "--ssl", "--ssl-verify-server-cert", "--ssl-ca=" + files.ca(), "commerce",
                    "-e", "status; select price from product where sku = 'tls-1';")
                    .redirectErrorStream(true).start();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "mysql did not finish");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.matches("(?s).*SSL:\\s+Cipher in use is TLS.*|(?s).*SSL:\\s+Cipher in use is \\S+.*"), out);
            assertTrue(out.contains("42"), out);
        }
    }

    @Test
    void mysqlCliWithoutTlsIsRefusedWhereTlsIsRequired() throws Exception {
        Process p = new ProcessBuilder("mysql", "--no-defaults", "-h127.0.0.1", "-P" + required.port(), "-uapp", "-psecret",
                "--skip-ssl", "commerce", "-e", "select 1").redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "mysql did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.exitValue() != 0 && out.contains("3159"), out);
    }

    @Test
    void connectorJWithSslModeRequiredAndVerifyCaConnects() throws Exception {
        String base = "jdbc:mysql://127.0.0.1:" + required.port() + "/commerce?";
        try (Connection c = DriverManager.getConnection(base + "sslMode=REQUIRED", "app", "secret")) {
            assertEquals(42, price(c));
        }
        String verify = base + "sslMode=VERIFY_CA&trustCertificateKeyStoreUrl=" + truststore.toUri()
                + "&trustCertificateKeyStoreType=PKCS12&trustCertificateKeyStorePassword=changeit";
        try (Connection c = DriverManager.getConnection(verify, "app", "secret")) {
            assertEquals(42, price(c));
        }
    }

    @Test
    void aPlainLoginToAGatewayThatRequiresTlsIsRefusedWith3159() throws Exception {
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                "jdbc:mysql://127.0.0.1:" + required.port() + "/commerce?sslMode=DISABLED&allowPublicKeyRetrieval=true",
                "app", "secret").close());
        assertEquals(3159, e.getErrorCode(), e.toString());
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + optional.port() + "/commerce?sslMode=DISABLED",
                "app", "secret")) {
            assertEquals(42, price(c));  // TLS offered, not required: plain still works
        }
    }

    /**
     * A client whose TLS hello arrives in the same read as its SSL request (one TCP write): the
     * hello must reach the TLS handler, not the packet framer.
     */
    @Test
    void aTlsHelloSentTogetherWithTheSslRequestIsUnderstood() throws Exception {
        byte[] sslRequest = new byte[4 + 32];
        sslRequest[0] = 32;
        sslRequest[3] = 1;
        int caps = 0x00000200 | 0x00008000 | 0x00080000 | 0x00000800;  // PROTOCOL_41, SECURE_CONNECTION, PLUGIN_AUTH, SSL
        sslRequest[4] = (byte) caps;
        sslRequest[5] = (byte) (caps >> 8);
        sslRequest[6] = (byte) (caps >> 16);
        sslRequest[11] = 1;
        sslRequest[12] = 33;
        boolean[] prefixed = {false};
        Socket plain = new Socket("127.0.0.1", required.port()) {
            @Override
            public OutputStream getOutputStream() throws IOException {
                OutputStream real = super.getOutputStream();
                return new FilterOutputStream(real) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        if (!prefixed[0]) {
                            prefixed[0] = true;
                            byte[] both = new byte[sslRequest.length + len];
                            System.arraycopy(sslRequest, 0, both, 0, sslRequest.length);
                            System.arraycopy(b, off, both, sslRequest.length, len);
                            real.write(both);
                        } else {
                            real.write(b, off, len);
                        }
                    }
                };
            }
        };
        plain.setSoTimeout(5000);
        try (plain) {
            DataInputStream in = new DataInputStream(plain.getInputStream());
            byte[] header = new byte[4];
            in.readFully(header);
            in.readFully(new byte[(header[0] & 0xff) | (header[1] & 0xff) << 8]);  // the handshake
            SSLContext ctx = SSLContext.getInstance("TLS");
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream t = Files.newInputStream(truststore)) {
                ks.load(t, "changeit".toCharArray());
            }
            tmf.init(ks);
            ctx.init(null, tmf.getTrustManagers(), null);
            try (SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(plain, "127.0.0.1",
                    required.port(), false)) {
                tls.startHandshake();
                assertTrue(prefixed[0], "the hello went out with the SSL request");
                assertTrue(tls.getSession().getProtocol().startsWith("TLSv1."), tls.getSession().getProtocol());
            }
        }
    }

    /** A TLS login (upgrade, then the auth switch inside TLS) is not held up by large packets that hold the packet budget. */
    @Test
    void aTlsLoginIsServedWhileParkedLargePacketsHoldThePacketBudget() throws Exception {
        GatewayServer gw = gateway(new ServerTls(files.cert(), files.key(), false),
                ConnectionLimits.DEFAULT.withInFlightPacketBytes(17L * 1024 * 1024));
        PacketBudget budget = gw.connections().budget();
        List<RawMysqlClient> parked = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                RawMysqlClient c = new RawMysqlClient(gw.port(), 5000);
                parked.add(c);
                c.loginWithAuthSwitch("app", "secret", false);
            }
            for (RawMysqlClient c : parked) {
                c.sendHeader(0xfffffe, 0);  // a 16 MiB COM_QUERY whose body never comes
                c.trickle(64 * 1024);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (budget.waiting() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(2, budget.waiting(), "one large packet holds the budget, two wait");
            long t0 = System.nanoTime();
            try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + gw.port()
                    + "/commerce?sslMode=REQUIRED&connectTimeout=5000&socketTimeout=5000", "app", "secret")) {
                assertEquals(42, price(c));
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms < 4000, "TLS login and a select took " + ms + " ms");
        } finally {
            for (RawMysqlClient c : parked) {
                c.close();
            }
            gw.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void mariadbConnectorJAtItsDefaultsConnects() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + required.port() + "/commerce", "app", "secret")) {
            assertEquals(42, price(c));
        }
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + optional.port() + "/commerce?sslMode=verify-full&serverSslCert="
                + files.ca(), "app", "secret")) {
            assertEquals(42, price(c));
        }
    }
}
