package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.dataplane.process.FreePorts;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.cli.ShardopsCommand;
import io.shardops.spec.TabletType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups on a local cluster as a user takes them: {@code shardops backup commerce}, more writes, then a scale-up
 * from 2 to 3 replicas whose new tablet starts from the backup and replicates only what came after it, and serves
 * the same rows as its primary; {@code shardops backups} lists them and pruning keeps exactly the count asked for.
 */
class BackupRestoreIT {
    private static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    record Run(int exit, String out) {}

    /** {@code shardops ARGS} in this JVM, its output captured (and echoed). */
    static synchronized Run shardops(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int exit;
        try (PrintStream tee = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setOut(tee);
            exit = ShardopsCommand.execute(args);
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        System.out.println("$ shardops " + String.join(" ", args) + " (exit " + exit + ")\n" + out);
        return new Run(exit, out);
    }

    private static Connection mysql(LiveCluster c, TabletRecord t) throws Exception {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + t.mysqlPort() + "/commerce?sslMode=DISABLED&allowPublicKeyRetrieval=true",
                MysqlAccounts.ADMIN_USER, c.credentials().mysqlAccounts().adminPassword());
    }

    private static String one(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(rs.getMetaData().getColumnCount());
        }
    }

    @Test
    void replicaAddedAfterABackupStartsFromItAndServesTheSameRows() throws Exception {
        LiveCluster c = LiveCluster.withSpecs(ROOT.resolve("examples/phases"), tmp.resolve("spec"), tmp.resolve("state"), FreePorts.one());
        String state = tmp.resolve("state").toString();
        try {
            c.run("up", "101_initial_cluster");
            c.mysql(ROOT.resolve("examples/data/insert_commerce_data.sql"));
            c.execOnPrimary("commerce", "0", "INSERT INTO commerce.customer (customer_id, email) "
                    + "SELECT 1000 + seq, CONCAT('user', seq, '@example.com') FROM commerce.seq_1_to_3000");

            Run backup = shardops("backup", "commerce", "--state-dir", state);
            assertEquals(0, backup.exit(), backup.out());
            assertTrue(backup.out().contains("Backing up commerce/0 from zone1-") && backup.out().contains("(rdonly)"), backup.out());
            assertTrue(backup.out().contains("done: "), backup.out());

            // written after the backup: the new replica must get these by replication
            c.execOnPrimary("commerce", "0", "INSERT INTO commerce.customer (customer_id, email) VALUES (9001, 'after@example.com')");
            c.execOnPrimary("commerce", "0", "DELETE FROM commerce.customer WHERE customer_id = 1001");

            Path spec = c.spec("101_initial_cluster");
            Files.writeString(spec, Files.readString(spec).replace("tabletDefaults: {replica: 2, rdonly: 1}", "tabletDefaults: {replica: 3, rdonly: 1}"));
            Run scale = shardops("apply", spec.toString(), "--state-dir", state, "--auto-approve");
            assertEquals(0, scale.exit(), scale.out());
            assertTrue(scale.out().contains("from backup "), "the new replica was seeded from the backup:\n" + scale.out());

            Topology t = c.topology();
            List<TabletRecord> replicas = t.tablets().values().stream()
                    .filter(r -> r.keyspace().equals("commerce") && r.type() == TabletType.REPLICA).toList();
            assertEquals(2, replicas.size(), "3 replicas: the primary and two more");
            TabletRecord primary = t.tablets().get(t.shard("commerce", "0").orElseThrow().primaryAlias());
            TabletRecord newest = replicas.stream().max(Comparator.comparing(TabletRecord::uid)).orElseThrow();
            try (Connection p = mysql(c, primary); Connection n = mysql(c, newest)) {
                String position = one(p, "SELECT @@gtid_binlog_pos");
                try (Statement st = n.createStatement()) {
                    st.execute("SELECT MASTER_GTID_WAIT('" + position + "', 30)");
                }
                for (String table : List.of("customer", "product", "corder")) {
                    assertEquals(one(p, "CHECKSUM TABLE " + table), one(n, "CHECKSUM TABLE " + table), table + " differs on " + newest.alias());
                }
                assertEquals("after@example.com", one(n, "SELECT email FROM customer WHERE customer_id = 9001"));
                assertEquals("0", one(n, "SELECT COUNT(*) FROM customer WHERE customer_id = 1001"));
            }

            // pruning keeps exactly the count asked for
            for (int i = 0; i < 3; i++) {
                Thread.sleep(1100); // backup names carry the second they start
                Run again = shardops("backup", "commerce/0", "--keep", "2", "--state-dir", state);
                assertEquals(0, again.exit(), again.out());
            }
            // kill -9 of mariadb-backup mid-stream: the command fails, no backup appears, the next one succeeds
            String before = shardops("backups", "commerce", "--format", "json", "--state-dir", state).out();
            Thread.sleep(1100);
            CompletableFuture<Run> killed = CompletableFuture.supplyAsync(
                    () -> shardops("backup", "commerce/0", "--keep", "2", "--state-dir", state));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Optional<ProcessHandle> tool = Optional.empty();
            while (tool.isEmpty() && System.nanoTime() < deadline) {
                tool = ProcessHandle.allProcesses().filter(p -> p.info().command().orElse("").endsWith("mariadb-backup")
                        && p.info().commandLine().orElse("").contains(state)).findFirst();
            }
            assertTrue(tool.isPresent(), "mariadb-backup of the backup was not seen running");
            new ProcessBuilder("kill", "-9", Long.toString(tool.get().pid())).start().waitFor();
            Run failed = killed.get(120, TimeUnit.SECONDS);
            assertEquals(1, failed.exit(), failed.out());
            assertTrue(failed.out().contains("nothing was stored"), failed.out());
            assertEquals(before, shardops("backups", "commerce", "--format", "json", "--state-dir", state).out(), "the killed backup left no backup");
            Thread.sleep(1100);
            assertEquals(0, shardops("backup", "commerce/0", "--keep", "2", "--state-dir", state).exit());

            Run list = shardops("backups", "commerce", "--format", "json", "--state-dir", state);
            assertEquals(0, list.exit(), list.out());
            JsonNode listing = new ObjectMapper().readTree(list.out());
            assertEquals(2, listing.path("backups").size(), list.out());
            Run text = shardops("backups", "--state-dir", state);
            assertTrue(text.out().contains("commerce"), text.out());
            Run status = shardops("status", "--state-dir", state);
            assertTrue(status.out().contains("Backups:") && status.out().contains(listing.path("backups").get(1).path("name").asText()), status.out());

            // verified by restoring it: equal checksums; then a corrupted copy fails loudly
            Run verified = shardops("backup", "commerce", "--verify", "--state-dir", state);
            assertEquals(0, verified.exit(), verified.out());
            assertTrue(verified.out().contains("verified at GTID"), verified.out());
            Path data = tmp.resolve("state/backups").resolve(listing.path("backups").get(1).path("name").asText().isEmpty() ? "" :
                    "commerce/0/" + listing.path("backups").get(1).path("name").asText() + "/backup.xbstream.zst");
            byte[] bytes = Files.readAllBytes(data);
            bytes[bytes.length / 2] ^= 0x5a;
            Files.write(data, bytes);
            Run corrupt = shardops("backup", "commerce", "--verify", "--state-dir", state);
            assertEquals(1, corrupt.exit(), corrupt.out());
            assertTrue(corrupt.out().contains("is CORRUPT"), corrupt.out());
        } finally {
            c.down();
        }
    }
}
