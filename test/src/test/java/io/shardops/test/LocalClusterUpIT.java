package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardops.dataplane.process.FreePorts;
import io.shardops.dataplane.process.PidDirectory;
import io.shardops.dataplane.process.PidFile;
import io.shardops.dataplane.process.JavaCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shardops up examples/phases/101_initial_cluster.yaml} from nothing on real etcd and MariaDB,
 * used the way the reference uses it: the {@code mysql} client and JDBC through the gateway, replica
 * reads, {@code status}, a second {@code up} that changes nothing, and {@code down} leaving no process.
 * The CLI runs as its own process, as a user runs it; the gateway listens on a free port.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterUpIT {
    private static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path stateDir;
    static Path spec;
    static int port;
    static final List<Long> pidsSeen = new ArrayList<>();

    record Run(int exit, String out, long millis) {}

    @BeforeAll
    static void specWithFreePort() throws IOException {
        stateDir = tmp.resolve("state");
        Path specDir = tmp.resolve("spec");
        Files.createDirectories(specDir.resolve("sql"));
        try (var files = Files.list(ROOT.resolve("examples/phases/sql"))) {
            for (Path f : files.toList()) {
                Files.copy(f, specDir.resolve("sql").resolve(f.getFileName()));
            }
        }
        port = FreePorts.one();
        String text = Files.readString(ROOT.resolve("examples/phases/101_initial_cluster.yaml"))
                .replace("mysqlPort: 15306", "mysqlPort: " + port);
        spec = specDir.resolve("101_initial_cluster.yaml");
        Files.writeString(spec, text);
    }

    @AfterAll
    static void downEvenAfterAFailure() throws Exception {
        shardops("down", "--purge", "--state-dir", stateDir.toString());
    }

    static Run shardops(String... args) throws Exception {
        return run(shardopsCommand(args), null);
    }

    /** The command line of {@code shardops ARGS} as its own process, on this test's classpath. */
    static List<String> shardopsCommand(String... args) {
        List<String> cmd = new ArrayList<>(JavaCommand.current());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.shardops.reconciler.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Run run(List<String> cmd, Path stdin) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        long t0 = System.nanoTime();
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("timed out: " + cmd);
        }
        Run r = new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), (System.nanoTime() - t0) / 1_000_000);
        System.out.println("$ " + String.join(" ", cmd.subList(Math.min(4, cmd.size() - 1), cmd.size())) + "   (" + r.millis() + " ms, exit " + r.exit() + ")\n" + r.out());
        return r;
    }

    @Test
    @Order(1)
    void upFromNothingAppliesThePhaseAndSaysHowToConnect() throws Exception {
        Run up = shardops("up", spec.toString(), "--state-dir", stateDir.toString());
        assertEquals(0, up.exit(), up.out());
        assertTrue(up.out().contains("Connect with: mysql -h 127.0.0.1 -P " + port), up.out());
        assertTrue(up.out().contains("init-primary commerce/0"), up.out());
        System.out.println("TIMING up 101 from nothing: " + up.millis() + " ms");
        for (PidFile pf : new PidDirectory(stateDir.resolve("pids")).list()) {
            pidsSeen.add(pf.pid());
        }
        assertEquals(5, pidsSeen.size(), "etcd, node and three mysqlds are recorded: " + pidsSeen);
    }

    @Test
    @Order(2)
    void theMysqlClientRoundTripsTheReferenceData() throws Exception {
        Run insert = run(List.of("mysql", "-h", "127.0.0.1", "-P", Integer.toString(port)), ROOT.resolve("examples/data/insert_commerce_data.sql"));
        assertEquals(0, insert.exit(), insert.out());
        Run select = run(List.of("mysql", "-h", "127.0.0.1", "-P", Integer.toString(port), "--table"),
                ROOT.resolve("examples/data/select_commerce_data.sql"));
        assertEquals(0, select.exit(), select.out());
        for (String block : List.of(
                """
                +-------------+--------------------+
                | customer_id | email              |
                +-------------+--------------------+
                |           1 | alice@domain.com   |
                |           2 | bob@domain.com     |
                |           3 | charlie@domain.com |
                |           4 | dan@domain.com     |
                |           5 | eve@domain.com     |
                +-------------+--------------------+
                """,
                """
                +----------+-------------+-------+
                | sku      | description | price |
                +----------+-------------+-------+
                | SKU-1001 | Monitor     |   100 |
                | SKU-1002 | Keyboard    |    30 |
                +----------+-------------+-------+
                """,
                """
                +----------+-------------+----------+-------+
                | order_id | customer_id | sku      | price |
                +----------+-------------+----------+-------+
                |        1 |           1 | SKU-1001 |   100 |
                |        2 |           2 | SKU-1002 |    30 |
                |        3 |           3 | SKU-1002 |    30 |
                |        4 |           4 | SKU-1002 |    30 |
                |        5 |           5 | SKU-1002 |    30 |
                +----------+-------------+----------+-------+
                """)) {
            assertTrue(select.out().contains(block), "expected the reference's table\n" + block + "in\n" + select.out());
        }
    }

    @Test
    @Order(3)
    void aWriteThroughJdbcReachesTheReplicaAndTheRdonly() throws Exception {
        String url = "jdbc:mysql://127.0.0.1:" + port + "/commerce?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=5000";
        try (Connection c = DriverManager.getConnection(url, "user", ""); Statement st = c.createStatement()) {
            st.executeUpdate("insert into product(sku, description, price) values ('SKU-9001', 'Cable', 7)");
            for (String target : List.of("commerce@replica", "commerce@rdonly")) {
                st.execute("use `" + target + "`");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (true) {
                    try (ResultSet rs = st.executeQuery("select description from product where sku = 'SKU-9001'")) {
                        if (rs.next()) {
                            assertEquals("Cable", rs.getString(1));
                            break;
                        }
                    }
                    if (System.nanoTime() > deadline) {
                        fail("the write did not reach " + target + " within 10 s");
                    }
                    Thread.sleep(50);
                }
            }
        }
    }

    @Test
    @Order(4)
    void statusShowsThePrimaryReplicaAndRdonly() throws Exception {
        Run status = shardops("status", "--format", "json", "--state-dir", stateDir.toString());
        assertEquals(0, status.exit(), status.out());
        // stderr is merged into the output: a JDK 24+ prints warnings there when gRPC's Netty first uses sun.misc.Unsafe
        JsonNode s = JSON.readTree(status.out().substring(status.out().indexOf('{')));
        assertEquals("demo", s.path("cluster").asText());
        assertEquals(3, s.path("tablets").size(), status.out());
        List<String> types = new ArrayList<>();
        s.path("tablets").forEach(t -> {
            types.add(t.path("type").asText());
            assertEquals("SERVING", t.path("state").asText(), t.toString());
        });
        assertEquals(List.of("primary", "replica", "rdonly"), types);
        assertEquals("zone1-0000000100", s.path("shards").get(0).path("primary").asText());
        assertEquals(port, s.path("gateways").get(0).path("port").asInt());
        Run text = shardops("status", "--state-dir", stateDir.toString());
        assertTrue(text.out().contains("mysql -h 127.0.0.1 -P " + port), text.out());
    }

    @Test
    @Order(5)
    void upAgainChangesNothing() throws Exception {
        Run again = shardops("up", spec.toString(), "--state-dir", stateDir.toString());
        assertEquals(0, again.exit(), again.out());
        assertTrue(again.out().contains("No changes"), again.out());
        assertFalse(again.out().contains("created"), again.out());
    }

    @Test
    @Order(6)
    void downStopsEveryProcessAndIsSafeToRepeat() throws Exception {
        Run down = shardops("down", "--state-dir", stateDir.toString());
        assertEquals(0, down.exit(), down.out());
        System.out.println("TIMING down: " + down.millis() + " ms");
        for (long pid : pidsSeen) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " still runs after down");
        }
        Run pgrep = run(List.of("pgrep", "-f", stateDir.toString()), null);
        assertEquals("", pgrep.out().strip(), "processes naming the state dir still run");
        Run again = shardops("down", "--state-dir", stateDir.toString());
        assertEquals(0, again.exit(), again.out());
        assertTrue(again.out().contains("Nothing was running"), again.out());
    }
}
