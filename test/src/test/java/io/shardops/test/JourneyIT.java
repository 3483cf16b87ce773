package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.shardops.dataplane.process.FreePorts;
import io.shardops.dataplane.vindex.HashVindex;
import io.shardops.reconciler.cli.ShardopsCommand;
import io.shardops.spec.key.KeyRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference journey for real: {@code shardops up} of phase 101, then each later phase applied in
 * turn (201 … 308, with traffic switched back and forth once in each move) on one local cluster of real etcd and MariaDB, while a client writes and reads
 * through the gateway the whole time. At the end every acknowledged write is on the shard its keyspace
 * id says, exactly once; the reference's rows are where the reference shows them; new rows take ids
 * from the sequences. The verify-diff steps of 203 and 303 fail the apply on any difference, so a clean
 * run is a clean diff.
 */
class JourneyIT {
    private static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    private static final long FIRST_CLIENT_ID = 100_000;
    private static final List<String> PHASES = List.of("201_customer_keyspace", "202_customer_tablets", "203_vertical_split",
            "204_vertical_migrate_replicas", "203_vertical_split", "204_vertical_migrate_replicas",  // there and back again
            "205_vertical_migrate_master", "206_clean_commerce", "301_customer_sharded",
            "302_new_shards", "303_horizontal_split", "304_migrate_replicas", "305_migrate_master",
            "304_migrate_replicas", "305_migrate_master",  // the primary switch reversed while the client writes, then again
            "306_down_shard_0",
            "307_delete_shard_0", "308_final");

    @TempDir
    static Path tmp;
    static Path stateDir;
    static Path specDir;
    static int port;

    @BeforeAll
    static void phasesWithAFreePort() throws IOException {
        stateDir = tmp.resolve("state");
        specDir = tmp.resolve("spec");
        Files.createDirectories(specDir.resolve("sql"));
        port = FreePorts.one();
        try (var files = Files.list(ROOT.resolve("examples/phases"))) {
            for (Path f : files.toList()) {
                if (Files.isDirectory(f)) {
                    try (var sql = Files.list(f)) {
                        for (Path s : sql.toList()) {
                            Files.copy(s, specDir.resolve(f.getFileName()).resolve(s.getFileName()));
                        }
                    }
                } else {
                    Files.writeString(specDir.resolve(f.getFileName()), Files.readString(f).replace("mysqlPort: 15306", "mysqlPort: " + port));
                }
            }
        }
    }

    @AfterAll
    static void down() {
        ShardopsCommand.execute("down", "--purge", "--state-dir", stateDir.toString());
        ShardopsCommand.execute("down", "--purge", "--state-dir", tmp.resolve("state-final").toString());
    }

    /** The one-step jump: 101, then examples/final planned and applied as one run (MoveTables straight into a sharded keyspace). */
    @Test
    void fromTheFirstPhaseToTheFinalLayoutInOneApply() throws Exception {
        Path state = tmp.resolve("state-final");
        Path finalDir = tmp.resolve("final");
        Files.createDirectories(finalDir);
        int finalPort = FreePorts.one();
        try (var files = Files.list(ROOT.resolve("examples/final"))) {
            for (Path f : files.toList()) {
                Files.writeString(finalDir.resolve(f.getFileName()), Files.readString(f).replace("mysqlPort: 15306", "mysqlPort: " + finalPort));
            }
        }
        Path first = tmp.resolve("final-101.yaml");
        Files.createDirectories(tmp.resolve("sql"));
        try (var sql = Files.list(specDir.resolve("sql"))) {
            for (Path f : sql.toList()) {
                Files.copy(f, tmp.resolve("sql").resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(first, Files.readString(specDir.resolve("101_initial_cluster.yaml")).replace("mysqlPort: " + port, "mysqlPort: " + finalPort));
        shardops("up", "101 (for final)", first, state);
        int saved = port;
        port = finalPort;
        try {
            mysql(ROOT.resolve("examples/data/insert_commerce_data.sql"));
            shardops("apply", "examples/final", finalDir, state);
            assertEquals(Set.of(1L, 2L, 3L, 5L), ids("customer/-80", "select customer_id from customer"));
            assertEquals(Set.of(4L), ids("customer/80-", "select customer_id from customer"));
            assertEquals(Set.of(1L, 2L, 3L, 5L), ids("customer/-80", "select order_id from corder"));
            assertEquals(Set.of(4L), ids("customer/80-", "select order_id from corder"));
            assertEquals("table customer not found in schema", errorOf("commerce", "select * from customer"));
        } finally {
            port = saved;
            ShardopsCommand.execute("down", "--purge", "--state-dir", state.toString());
        }
    }

    static void up(String phase) {
        shardops("up", phase, specDir.resolve(phase + ".yaml"), stateDir);
    }

    /**
     * {@code shardops apply PHASE.yaml} on the local cluster: the plan against the live topology, applied;
     * then {@code shardops plan PHASE.yaml --detailed-exitcode} must find nothing left to do (exit 0).
     */
    static void apply(String phase) throws IOException {
        shardops("apply", phase, specDir.resolve(phase + ".yaml"), stateDir);
        String etcd = io.shardops.reconciler.local.LocalConfig.read(io.shardops.reconciler.local.StateDir.resolve(stateDir))
                .orElseThrow().etcdEndpoint();
        int exit = ShardopsCommand.execute("plan", specDir.resolve(phase + ".yaml").toString(), "--etcd", etcd,
                "--detailed-exitcode", "--no-color");
        assertEquals(0, exit, "after apply " + phase + ", planning the same spec again finds changes (output above)");
    }

    static void shardops(String command, String name, Path spec, Path state) {
        long t0 = System.nanoTime();
        int exit = ShardopsCommand.execute(command, spec.toString(), "--state-dir", state.toString(), "--auto-approve");
        System.out.printf("JOURNEY %s %s in %d ms (exit %d)%n", command, name, (System.nanoTime() - t0) / 1_000_000, exit);
        assertEquals(0, exit, "shardops " + command + " " + name + " failed; its output is above");
    }

    @Test
    void theWholeJourneyKeepsEveryAcknowledgedWrite() throws Exception {
        up("101_initial_cluster");
        mysql(ROOT.resolve("examples/data/insert_commerce_data.sql"));
        Client client = null;
        try {
            for (String phase : PHASES) {
                apply(phase);
                if (phase.startsWith("202")) {
                    client = new Client();  // the customer keyspace exists (served from commerce): write through it from now on
                    client.start();
                }
                if (phase.startsWith("205")) {
                    assertEquals("disallowed due to rule: enforce denied tables", errorOf("commerce", "select * from customer"));
                }
                if (phase.startsWith("206")) {
                    assertEquals("table customer not found in schema", errorOf("commerce", "select * from customer"));
                }
            }
        } finally {
            if (client != null) {
                client.finish();
            }
        }
        System.out.printf("JOURNEY client: %d writes acknowledged, %d errors, %d reads, longest gap between acknowledged writes %d ms%n",
                client.acked.size(), client.errors.size(), client.reads, client.longestGapMillis);
        assertTrue(client.acked.size() > 50, "the client wrote through the journey: " + client.acked.size());
        assertEquals(List.of(), client.errors, "the client saw no error while the moves ran");

        Map<String, Set<Long>> byShard = new TreeMap<>();
        for (String shard : List.of("-80", "80-")) {
            byShard.put(shard, ids("customer/" + shard, "select customer_id from customer"));
        }
        List<Long> everywhere = new ArrayList<>();
        byShard.values().forEach(everywhere::addAll);
        Collections.sort(everywhere);
        assertEquals(new ArrayList<>(new TreeSet<>(everywhere)), everywhere, "no customer row is on two shards");
        for (Map.Entry<String, Set<Long>> e : byShard.entrySet()) {
            KeyRange range = KeyRange.parse(e.getKey()).orElseThrow();
            for (long id : e.getValue()) {
                assertTrue(range.contains(HashVindex.hash(id)), "customer " + id + " is on " + e.getKey() + " but its keyspace id is not");
            }
        }
        for (long id : client.acked) {
            assertTrue(everywhere.contains(id), "acknowledged customer " + id + " is gone");
        }
        assertEquals(Set.of(1L, 2L, 3L, 5L), ids("customer/-80", "select customer_id from customer where customer_id < 100"));
        assertEquals(Set.of(4L), ids("customer/80-", "select customer_id from customer where customer_id < 100"));
        assertEquals(Set.of(1L, 2L, 3L, 5L), ids("customer/-80", "select order_id from corder"));
        assertEquals(Set.of(4L), ids("customer/80-", "select order_id from corder"));

        try (Connection c = connect("customer"); Statement st = c.createStatement()) {
            st.executeUpdate("insert into customer(email) values ('new1@domain.com'), ('new2@domain.com'), ('new3@domain.com')");
        }
        Set<Long> fresh = new TreeSet<>();
        for (String shard : List.of("-80", "80-")) {
            KeyRange range = KeyRange.parse(shard).orElseThrow();
            for (long id : ids("customer/" + shard, "select customer_id from customer where email like 'new%'")) {
                assertTrue(id >= 1000 && id < FIRST_CLIENT_ID, "a new customer takes its id from customer_seq (1000 up): " + id);
                assertTrue(range.contains(HashVindex.hash(id)), "new customer " + id + " is on the shard its hash says");
                fresh.add(id);
            }
        }
        assertEquals(3, fresh.size(), "the three new customers: " + fresh);
    }

    /**
     * A stray row on the target fails verify-diff (the move stops before any switch) and, once removed,
     * apply resumes at the diff. Then kill -9 of the apply process in the middle of the primary switch of 205 (after the source stopped
     * taking writes, before routing moved), then apply again: once the dead run's lock lease ends the run
     * resumes at that step and finishes, and every write the client saw acknowledged is there, once.
     */
    @Test
    void anApplyKilledDuringThePrimarySwitchResumesAndLosesNothing() throws Exception {
        Path state = tmp.resolve("state-fault");
        int faultPort = FreePorts.one();
        Path dir = tmp.resolve("spec-fault");
        Files.createDirectories(dir.resolve("sql"));
        try (var files = Files.list(specDir)) {
            for (Path f : files.toList()) {
                if (Files.isDirectory(f)) {
                    try (var sql = Files.list(f)) {
                        for (Path x : sql.toList()) {
                            Files.copy(x, dir.resolve("sql").resolve(x.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                } else {
                    Files.writeString(dir.resolve(f.getFileName()), Files.readString(f).replace("mysqlPort: " + port, "mysqlPort: " + faultPort));
                }
            }
        }
        int saved = port;
        port = faultPort;
        Client client = null;
        try {
            shardops("up", "101 (fault)", dir.resolve("101_initial_cluster.yaml"), state);
            mysql(ROOT.resolve("examples/data/insert_commerce_data.sql"));
            for (String phase : List.of("201_customer_keyspace", "202_customer_tablets")) {
                shardops("apply", phase + " (fault)", dir.resolve(phase + ".yaml"), state);
            }
            // a row on the target that the source does not have: verify-diff must find it and stop the move
            execOnPrimary(state, "customer", "0", "insert into customer.customer(customer_id, email) values (999999, 'stray@domain.com')");
            int failed = ShardopsCommand.execute("apply", dir.resolve("203_vertical_split.yaml").toString(), "--state-dir", state.toString(), "--auto-approve");
            assertEquals(1, failed, "verify-diff fails the apply when the target holds a row the source does not");
            execOnPrimary(state, "customer", "0", "delete from customer.customer where customer_id = 999999");
            for (String phase : List.of("203_vertical_split", "204_vertical_migrate_replicas")) {
                shardops("apply", phase + " (fault)", dir.resolve(phase + ".yaml"), state);
            }
            client = new Client();
            client.start();
            Thread.sleep(500);
            List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("java.class.path"), "io.shardops.reconciler.cli.Main",
                    "apply", dir.resolve("205_vertical_migrate_master.yaml").toString(), "--state-dir", state.toString(), "--auto-approve"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            boolean killed = false;
            StringBuilder seen = new StringBuilder();
            try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    seen.append(line).append('\n');
                    if (line.startsWith("[1/1] switch-traffic")) {
                        p.destroyForcibly();  // SIGKILL: no shutdown hook, the lock stays until its lease ends
                        killed = true;
                        break;
                    }
                }
            }
            p.waitFor(30, TimeUnit.SECONDS);
            assertTrue(killed, "the apply reached the primary switch before it was killed:\n" + seen);
            System.out.println("JOURNEY fault: apply killed at the primary switch of 205");
            long t0 = System.nanoTime();
            int exit = 1;
            while (exit != 0 && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(60)) {
                exit = ShardopsCommand.execute("apply", dir.resolve("205_vertical_migrate_master.yaml").toString(), "--state-dir", state.toString(), "--auto-approve");
                if (exit != 0) {
                    Thread.sleep(2000);  // the killed run's lock is held until its lease ends
                }
            }
            System.out.printf("JOURNEY fault: apply 205 again finished in %d ms (exit %d)%n", (System.nanoTime() - t0) / 1_000_000, exit);
            assertEquals(0, exit, "apply 205 again resumes and finishes");
            Thread.sleep(1000);
        } finally {
            if (client != null) {
                client.finish();
            }
            port = faultPort;
        }
        try {
            Set<Long> present = ids("customer", "select customer_id from customer");
            System.out.printf("JOURNEY fault: %d writes acknowledged, %d client errors while the switch was stuck: %s%n",
                    client.acked.size(), client.errors.size(), client.errors.stream().limit(3).toList());
            for (long id : client.acked) {
                assertTrue(present.contains(id), "acknowledged customer " + id + " is gone after the resumed switch");
            }
            assertEquals("disallowed due to rule: enforce denied tables", errorOf("commerce", "select * from customer"));
        } finally {
            port = saved;
            ShardopsCommand.execute("down", "--purge", "--state-dir", state.toString());
        }
    }

    // ---- the client

    /** Writes one customer at a time through the gateway and reads it back now and then, until told to stop. */
    static final long PAUSE_MILLIS = 20;

    final class Client extends Thread {
        final Set<Long> acked = ConcurrentHashMap.newKeySet();
        final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        final AtomicBoolean stop = new AtomicBoolean();
        volatile long reads;
        /** The longest time between two acknowledged writes, less the client's own pause, in ms. */
        volatile long longestGapMillis;

        Client() {
            super("journey-client");
            setDaemon(true);
        }

        @Override
        public void run() {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
            long next = FIRST_CLIENT_ID;
            Connection c = null;
            long lastAck = 0;
            while (!stop.get() && System.nanoTime() < deadline && next < FIRST_CLIENT_ID + 20_000) {
                long id = next++;
                try {
                    if (c == null) {
                        c = connect("customer");
                    }
                    try (Statement st = c.createStatement()) {
                        st.executeUpdate("insert into customer(customer_id, email) values (" + id + ", 'client" + id + "@domain.com')");
                        acked.add(id);
                        long now = System.nanoTime();
                        if (lastAck != 0) {
                            longestGapMillis = Math.max(longestGapMillis, (now - lastAck) / 1_000_000 - PAUSE_MILLIS);
                        }
                        lastAck = now;
                        if (id % 5 == 0) {
                            try (ResultSet rs = st.executeQuery("select email from customer where customer_id = " + id)) {
                                if (!rs.next()) {
                                    errors.add("read of acknowledged customer " + id + " found nothing");
                                }
                                reads++;
                            }
                        }
                    }
                    Thread.sleep(PAUSE_MILLIS);
                } catch (SQLException e) {
                    errors.add(id + ": " + e.getMessage());
                    try {
                        if (c != null) {
                            c.close();
                        }
                    } catch (SQLException ignored) {
                        // reconnect below
                    }
                    c = null;
                } catch (InterruptedException e) {
                    return;
                }
            }
            try {
                if (c != null) {
                    c.close();
                }
            } catch (SQLException ignored) {
                // done
            }
        }

        void finish() throws InterruptedException {
            stop.set(true);
            join(30_000);
        }
    }

    // ---- helpers

    /** Runs SQL straight on a shard's primary MariaDB, behind the gateway's and the tablet's back. */
    static void execOnPrimary(Path state, String keyspace, String shard, String sql) throws Exception {
        String etcd = io.shardops.reconciler.local.LocalConfig.read(io.shardops.reconciler.local.StateDir.resolve(state)).orElseThrow().etcdEndpoint();
        try (var store = io.shardops.reconciler.topo.EtcdTopoStore.connect(etcd)) {
            var topology = new io.shardops.reconciler.topo.EtcdTopologySource(store).read("demo");
            var primary = topology.tablets().get(topology.shard(keyspace, shard).orElseThrow().primaryAlias());
            try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + primary.mysqlPort() + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true",
                    io.shardops.dataplane.mysqlctl.MysqlAccounts.ADMIN_USER, io.shardops.dataplane.mysqlctl.MysqlAccounts.ADMIN_PASSWORD);
                 Statement st = c.createStatement()) {
                st.execute(sql);
            }
        }
    }

    static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/" + database
                + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=5000&socketTimeout=30000&useServerPrepStmts=false", "root", "");
    }

    static Set<Long> ids(String target, String sql) throws SQLException {
        Set<Long> out = new TreeSet<>();
        try (Connection c = connect(target); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    static String errorOf(String database, String sql) throws SQLException {
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            st.executeQuery(sql).close();
            fail(sql + " in " + database + " should fail");
            return "";
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    static void mysql(Path input) throws Exception {
        Process p = new ProcessBuilder("mysql", "-h", "127.0.0.1", "-P", Integer.toString(port)).redirectInput(input.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "mysql < " + input);
        assertEquals(0, p.exitValue(), out);
    }
}
