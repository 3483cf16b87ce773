package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.dataplane.process.FreePorts;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.host.local.LocalConfig;
import io.shardops.reconciler.host.local.StateDir;
import io.shardops.reconciler.topo.EtcdCredentials;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.reconciler.topo.EtcdTopologySource;
import io.shardops.reconciler.topo.TopoException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local user on the host of a running local cluster (the 101 phase) tries every internal endpoint
 * without the cluster's credentials and with wrong ones: the node API, a tablet manager, etcd, a tablet's
 * query port and its MariaDB. Each attack worked on the release before credentials (an anonymous
 * {@code apply-schema} ran {@code drop table}, {@code /gateways/ensure} started a gateway with auth none,
 * etcd took any write, the query port any user, MariaDB root without a password); each must now be
 * refused and change nothing, while the cluster's own credentials still work.
 */
class InternalEndpointsIT {
    private static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    private static final String WRONG = "WrongWrongWrongWrongWrong0123456";

    @TempDir
    static Path tmp;
    static Path stateDir;
    static int gatewayPort;
    static LocalConfig config;
    static ClusterCredentials credentials;
    static TabletRecord primary;

    @BeforeAll
    static void up() throws Exception {
        stateDir = tmp.resolve("state");
        Path specDir = tmp.resolve("spec");
        Files.createDirectories(specDir.resolve("sql"));
        try (var files = Files.list(ROOT.resolve("examples/phases/sql"))) {
            for (Path f : files.toList()) {
                Files.copy(f, specDir.resolve("sql").resolve(f.getFileName()));
            }
        }
        gatewayPort = FreePorts.one();
        Path spec = specDir.resolve("101_initial_cluster.yaml");
        Files.writeString(spec, Files.readString(ROOT.resolve("examples/phases/101_initial_cluster.yaml"))
                .replace("mysqlPort: 15306", "mysqlPort: " + gatewayPort));
        LocalClusterUpIT.Run up = LocalClusterUpIT.shardops("up", spec.toString(), "--state-dir", stateDir.toString());
        assertEquals(0, up.exit(), up.out());
        StateDir dir = StateDir.resolve(stateDir);
        config = LocalConfig.read(dir).orElseThrow();
        credentials = ClusterCredentials.require(dir.credentialsFile());
        Topology t = topology(Optional.of(EtcdCredentials.of(credentials)));
        primary = t.tablets().get(t.shard("commerce", "0").orElseThrow().primaryAlias());
        try (Connection c = viaGateway(); Statement st = c.createStatement()) {
            st.executeUpdate("insert into customer(customer_id, email) values (1, 'alice@domain.com')");
        }
    }

    @AfterAll
    static void down() throws Exception {
        LocalClusterUpIT.shardops("down", "--purge", "--state-dir", stateDir.toString());
    }

    private static Topology topology(Optional<EtcdCredentials> as) {
        try (EtcdTopoStore store = EtcdTopoStore.connect(config.etcdEndpoint(), as)) {
            return new EtcdTopologySource(store).read("demo");
        }
    }

    private static Connection viaGateway() throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + gatewayPort + "/commerce?sslMode=DISABLED&allowPublicKeyRetrieval=true",
                "user", "");
    }

    private static long customers() throws SQLException {
        try (Connection c = viaGateway(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from customer")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    record Answer(int status, String body) {}

    /** @param token null: no Authorization header */
    private static Answer http(String method, String url, String token, String json) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        try {
            c.setRequestMethod(method);
            c.setConnectTimeout(5000);
            c.setReadTimeout(120_000);
            if (token != null) {
                c.setRequestProperty("Authorization", "Bearer " + token);
            }
            if (json != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = c.getOutputStream()) {
                    out.write(json.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            return new Answer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            c.disconnect();
        }
    }

    @Test
    void theCredentialsFileIsReadableByItsOwnerOnlyAndNoSecretIsOnACommandLine() throws Exception {
        Path file = StateDir.resolve(stateDir).credentialsFile();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        String dir = stateDir.toAbsolutePath().normalize().toString();
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            String cmd = p.info().commandLine().orElse("");
            if (!cmd.contains(dir)) {
                continue;
            }
            for (String secret : new String[] {credentials.controlToken(), credentials.etcdPassword(),
                    credentials.mysql().adminPassword(), credentials.mysql().appPassword()}) {
                assertFalse(cmd.contains(secret), "a secret is on the command line of pid " + p.pid());
            }
        }
    }

    @Test
    void theNodeApiRefusesToStartAGatewayWithoutTheToken() throws Exception {
        int rogue = FreePorts.one();
        String ensure = "{\"cell\":\"zone1\",\"replicas\":2,\"mysqlPort\":" + rogue + ",\"auth\":\"none\"}";
        for (String token : new String[] {null, WRONG, ""}) {
            Answer a = http("POST", config.nodeUrl() + "/gateways/ensure", token, ensure);
            assertEquals(401, a.status(), "token " + token + ": " + a.body());
            assertEquals(401, http("POST", config.nodeUrl() + "/tablets/purge", token,
                    "{\"keyspace\":\"commerce\",\"shard\":\"0\",\"cell\":\"zone1\"}").status());
            assertEquals(401, http("GET", config.nodeUrl() + "/status", token, null).status());
        }
        assertFalse(FreePorts.inUse(rogue), "a gateway was started on " + rogue);
        assertEquals(1, customers(), "the tablets are still there");
        Answer status = http("GET", config.nodeUrl() + "/status", credentials.controlToken(), null);
        assertEquals(200, status.status(), status.body());
        assertFalse(status.body().contains(Integer.toString(rogue)));
    }

    @Test
    void aTabletManagerRefusesApplySchemaWithoutTheToken() throws Exception {
        String url = "http://127.0.0.1:" + primary.httpPort() + "/tablet-manager/";
        for (String token : new String[] {null, WRONG}) {
            Answer drop = http("POST", url + "apply-schema", token, "{\"statements\":[\"drop table customer\"]}");
            assertEquals(401, drop.status(), drop.body());
            assertEquals(401, http("POST", url + "set-serving", token, "{\"serving\":false}").status());
            assertEquals(401, http("GET", url + "status", token, null).status());
        }
        assertEquals(1, customers(), "the customer table and its row are still there, still served");
        Answer status = http("GET", url + "status", credentials.controlToken(), null);
        assertEquals(200, status.status(), status.body());
        assertEquals(200, http("GET", "http://127.0.0.1:" + primary.httpPort() + "/healthz", null, null).status(),
                "the readiness probe needs no token and says nothing secret");
    }

    @Test
    void etcdRefusesClientsWithoutTheClusterCredentials() {
        assertThrows(TopoException.class, () -> topology(Optional.empty()), "etcd answered a client without credentials");
        assertThrows(TopoException.class, () -> topology(Optional.of(new EtcdCredentials("root", WRONG))), "etcd took a wrong password");
        try (EtcdTopoStore anonymous = EtcdTopoStore.connect(config.etcdEndpoint())) {
            assertThrows(TopoException.class, () -> anonymous.create("/shardops/demo/approvals/forged", "{\"approved\":true}"),
                    "an anonymous client wrote an approval");
        }
        assertTrue(topology(Optional.of(EtcdCredentials.of(credentials))).tablets().size() >= 3);
    }

    @Test
    void aTabletsQueryPortTakesOnlyTheClusterInternalAccount() throws Exception {
        String url = "jdbc:mysql://127.0.0.1:" + primary.grpcPort() + "/commerce?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=5000";
        for (String[] login : new String[][] {{MysqlAccounts.APP_USER, ""}, {MysqlAccounts.APP_USER, WRONG}, {"root", ""},
                {MysqlAccounts.APP_USER, "shardops_app"}, {"anyone", "anything"}}) {
            assertThrows(SQLException.class, () -> DriverManager.getConnection(url, login[0], login[1]).close(),
                    login[0] + " / '" + login[1] + "' logged in on the query port");
        }
        try (Connection c = DriverManager.getConnection(url, MysqlAccounts.APP_USER, credentials.mysql().appPassword());
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from customer")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getLong(1));
        }
    }

    @Test
    void aTabletsMariadbRefusesRootAndThePublicPasswordsAndDoesNotRunAsRoot() throws Exception {
        String url = "jdbc:mysql://127.0.0.1:" + primary.mysqlPort() + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=5000";
        for (String[] login : new String[][] {{"root", ""}, {MysqlAccounts.ADMIN_USER, "shardops"}, {MysqlAccounts.APP_USER, "shardops_app"},
                {"", ""}}) {
            assertThrows(SQLException.class, () -> DriverManager.getConnection(url, login[0], login[1]).close(),
                    login[0] + " / '" + login[1] + "' logged in on MariaDB");
        }
        long pid = Long.parseLong(Files.readString(stateDir.resolve("tablets").resolve(primary.alias()).resolve("mysqld.pid")).strip());
        assertNotEquals("root", Files.getOwner(Path.of("/proc", Long.toString(pid))).getName(), "mariadbd runs as root");
        try (Connection c = DriverManager.getConnection(url, MysqlAccounts.ADMIN_USER, credentials.mysql().adminPassword());
             Statement st = c.createStatement()) {
            assertThrows(SQLException.class, () -> st.execute("select 'x' into dumpfile '/tmp/shardops-internal-endpoints-it'"));
        }
        assertFalse(Files.exists(Path.of("/tmp/shardops-internal-endpoints-it")));
    }
}
