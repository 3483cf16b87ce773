package io.shardops.test.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.reconciler.failover.FailoverEvent;
import io.shardops.reconciler.failover.FailoverLog;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.spec.TabletType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover across hosts (issue 16): commerce/0 with three replicas, one on each of h1..h3 (each also an etcd
 * member), semi-sync, the gateway on h4, a client writing through it from the test's namespace. First the
 * primary's host is cut off and later healed, a client on its side writing to it: a replica takes over, the old
 * primary took no acknowledged write after the partition, comes back fenced and holding that client's errant
 * insert, is kept out as needs-rebuild and replaced by the next apply. Then the new primary's host
 * is killed, its etcd member with it: another failover, and once its tablet has been silent for --lost-after, the
 * next apply replaces it on another host. Every acknowledged write is on the primary at the end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiHostFailoverIT {
    private static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    private static final int GATEWAY_PORT = 15306;
    /** Detection included; a cut-off etcd member first costs the calls that were on it (keepalive: 5 + 3 s). */
    private static final int FAILOVER_SECONDS = 45;

    @TempDir
    static Path tmp;
    static NetnsHosts hosts;
    static HostCluster cluster;
    static Path spec;

    @BeforeAll
    static void threeReplicasOnThreeHosts() throws Exception {
        Optional<String> why = NetnsHosts.unavailable();
        Assumptions.assumeTrue(why.isEmpty(), () -> "skipped: several hosts on one machine need " + why.orElse(""));
        hosts = NetnsHosts.create(4);
        cluster = HostCluster.withEtcd(hosts, tmp, "demo");
        spec = HostCluster.spec101(ROOT, tmp.resolve("spec"),
                text -> text.replace("tabletDefaults: {replica: 2, rdonly: 1}", "tabletDefaults: {replica: 3, rdonly: 0}"));
        // a tablet silent for 15 s is taken for lost (default 5 minutes), so the killed host's tablet is replaced in the test
        cluster.upTabletNodes(3, "--lost-after", "15");
        HostCluster.Run up = cluster.upNode(hosts.host(4), "gateways", spec.toString(), "--auto-approve", "--lost-after", "15");
        assertEquals(0, up.exit(), up.out());
        List<TabletRecord> tablets = cluster.servingTablets("commerce", "0", 3, Duration.ofSeconds(30));
        assertEquals(3, tablets.stream().map(TabletRecord::hostname).distinct().count(), "a replica per host: " + tablets);
        // the cluster settles (a busy machine may make the monitor fail over once while the tablets start) and takes writes
        GatewayWriter warmUp = new GatewayWriter(gatewayUrl(), "warm-up");
        warmUp.start();
        boolean writes = warmUp.awaitAcks(0, 10, 90);
        warmUp.finish();
        assertTrue(writes, "the cluster takes no writes after it started: " + warmUp.errors + "\n" + logs());
    }

    @AfterAll
    static void removeTheHosts() {
        if (cluster != null) {
            cluster.close();
        }
        if (hosts != null) {
            hosts.close();
        }
    }

    static String gatewayUrl() {
        return "jdbc:mysql://" + hosts.host(4).address() + ":" + GATEWAY_PORT + "/commerce"
                + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=3000&socketTimeout=10000";
    }

    static TabletRecord tablet(String alias) {
        return cluster.topology().tablets().values().stream().filter(t -> t.alias().equals(alias)).findFirst().orElseThrow();
    }

    static String awaitNewPrimary(String old) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(FAILOVER_SECONDS);
        while (System.nanoTime() < deadline) {
            try {
                String now = cluster.primaryOf("commerce", "0");
                if (now != null && !now.equals(old)) {
                    return now;
                }
            } catch (RuntimeException e) {
                // etcd electing a leader
            }
            Thread.sleep(200);
        }
        fail("no failover away from " + old + " within " + FAILOVER_SECONDS + " s\n" + logs());
        return null;
    }

    static String logs() {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= 4; i++) {
            b.append("--- node log of h").append(i).append(" ---\n").append(cluster.nodeLog(hosts.host(i))).append('\n');
        }
        return b.toString();
    }

    /** The writer's rows on the shard's primary, read through the gateway. */
    static Set<String> rowsOnThePrimary(String prefix) throws Exception {
        Set<String> rows = new HashSet<>();
        try (Connection c = DriverManager.getConnection(gatewayUrl(), "user", ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select sku from product where sku like '" + prefix + "-%'")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    static Set<String> lost(GatewayWriter w, Set<String> rows) {
        Set<String> lost = new TreeSet<>(w.acked.keySet());
        lost.removeAll(rows);
        return lost;
    }

    @Test
    @Order(1)
    void aPartitionedPrimaryIsReplacedAndFencedAndTakesNoAcknowledgedWriteAfterThePartition() throws Exception {
        String oldPrimary = cluster.primaryOf("commerce", "0");
        TabletRecord old = tablet(oldPrimary);
        NetnsHosts.Host oldHost = cluster.hostOf(old);
        GatewayWriter w = new GatewayWriter(gatewayUrl(), "P");
        w.start();
        assertTrue(w.awaitAcks(0, 20, 30), "the client writes before the partition: " + w.errors + "\n" + logs());
        oldHost.cutOff();
        long cut = System.nanoTime();
        // a client on the old primary's side of the partition writes too: the insert is committed to the old
        // primary's binlog and waits for an acknowledgement that never comes (semi-sync), an errant transaction
        Process stray = oldHost.start(List.of("mysql", "-h", old.hostname(), "-P", Integer.toString(old.mysqlPort()),
                "-u", MysqlAccounts.ADMIN_USER, "-p" + cluster.credentials().mysqlAccounts().adminPassword(), "-e",
                "insert into commerce.product(sku, description, price) values ('P-stray', 'written on the cut-off side', 1)"),
                tmp.resolve("stray-insert.log"));
        String newPrimary;
        try {
            newPrimary = awaitNewPrimary(oldPrimary);
            long promoted = System.nanoTime();
            assertTrue(w.awaitAcks(promoted, 20, 30), "writes go on on the new primary " + newPrimary + ": " + w.errors + "\n" + logs());
            long firstAck = w.firstAckAfter(cut);
            System.out.printf("partition of %s: new primary %s after %d ms; first acknowledged write after the cut at %d ms; %d errors%n",
                    oldHost, newPrimary, (promoted - cut) / 1_000_000, (firstAck - cut) / 1_000_000, w.errors.size());
        } finally {
            stray.destroyForcibly();
            oldHost.heal();  // also after a failure: the next test needs the whole network
        }
        awaitFenced(oldPrimary, newPrimary);
        w.finish();
        Set<String> rows = rowsOnThePrimary("P");
        assertEquals(Set.of(), lost(w, rows), "acknowledged writes missing on the new primary; errors: " + w.errors);
        // what the old primary holds that the new one lacks: writes it took after the partition (errant transactions)
        Set<String> onOld = new HashSet<>();
        try (Connection c = cluster.mysqld(old, "commerce"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select sku from product where sku like 'P-%'")) {
            while (rs.next()) {
                onOld.add(rs.getString(1));
            }
        }
        Set<String> errant = new TreeSet<>(onOld);
        errant.removeAll(rows);
        Set<String> acceptedAfterPartition = new TreeSet<>(errant);
        acceptedAfterPartition.retainAll(w.acked.keySet());
        System.out.printf("old primary %s: %d rows it holds the new primary lacks (never acknowledged), %d acknowledged after the partition%n",
                oldPrimary, errant.size(), acceptedAfterPartition.size());
        assertEquals(Set.of(), acceptedAfterPartition, "the old primary acknowledged writes after the partition");
        // a write it committed but never got acknowledged (in flight at the cut) is an errant transaction: such a
        // server cannot replicate from the new primary, it must be kept out, never re-joined silently
        assertTrue(!rows.contains("P-stray"), "the insert on the cut-off side never reached the new primary");
        // the stray insert is in the old primary's binlog (visible in its table once its wait for an
        // acknowledgement ends): an errant transaction, so it must be kept out, never re-joined
        assertTrue(awaitNeedsRebuild(oldPrimary, Duration.ofSeconds(30)),
                "the old primary holds a transaction the new primary lacks (rows " + errant + " and the stray insert), yet it was"
                        + " not kept out as needs-rebuild\n" + logs());
        // the next apply of the unchanged spec replaces it on its host, so the shard has two acknowledgers again
        HostCluster.Run apply = cluster.shardops(hosts.host(4), "apply", spec.toString(), "--state-dir",
                cluster.stateDir(hosts.host(4)).toString(), "--auto-approve");
        assertEquals(0, apply.exit(), apply.out());
        assertTrue(apply.out().contains("rebuild-tablet"), apply.out());
        List<TabletRecord> serving = cluster.servingTablets("commerce", "0", 3, Duration.ofSeconds(60));
        assertTrue(serving.stream().noneMatch(t -> t.alias().equals(oldPrimary)), "replaced: " + serving);
        assertTrue(awaitRebuilt(oldPrimary, Duration.ofSeconds(30)), "the rebuilt tablet leaves the needs-rebuild list\n" + logs());
    }

    static boolean awaitRebuilt(String alias, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try (EtcdTopoStore store = cluster.store()) {
                if (!new FailoverLog(store, "demo").read("commerce", "0").needsRebuild().contains(alias)) {
                    return true;
                }
            } catch (RuntimeException e) {
                // etcd electing a leader
            }
            Thread.sleep(500);
        }
        return false;
    }

    static boolean awaitNeedsRebuild(String alias, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try (EtcdTopoStore store = cluster.store()) {
                if (new FailoverLog(store, "demo").read("commerce", "0").needsRebuild().contains(alias)) {
                    return true;
                }
            } catch (RuntimeException e) {
                // etcd electing a leader
            }
            Thread.sleep(500);
        }
        return false;
    }

    /**
     * The old primary is back read-only: the monitor recorded its decision for it (re-joined as a replica of the new
     * primary, or kept out as needs-rebuild), and its mysqld is read-only.
     */
    static void awaitFenced(String oldPrimary, String newPrimary) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "";
        while (System.nanoTime() < deadline) {
            try (EtcdTopoStore store = cluster.store()) {
                Optional<FailoverEvent> decided = new FailoverLog(store, "demo").read("commerce", "0").history().stream()
                        .filter(e -> e.oldPrimary().equals(oldPrimary) && (e.kind().equals("rejoined") || e.kind().equals("needs-rebuild")))
                        .reduce((a, b) -> b);
                if (decided.isPresent()) {
                    try (Connection c = cluster.mysqld(tablet(oldPrimary), "commerce"); Statement st = c.createStatement();
                         ResultSet rs = st.executeQuery("select @@read_only")) {
                        if (rs.next() && rs.getInt(1) == 1) {
                            System.out.println(oldPrimary + ": " + decided.get().kind() + " (" + decided.get().reason() + ")");
                            return;
                        }
                    }
                }
                last = decided.map(FailoverEvent::line).orElse("no decision recorded yet");
            } catch (RuntimeException | SQLException e) {
                last = e.getMessage();
            }
            Thread.sleep(500);
        }
        fail("the old primary " + oldPrimary + " was neither re-joined read-only nor kept out within 60 s: " + last + "\n" + logs());
    }

    @Test
    @Order(2)
    void killingThePrimarysHostFailsOverAndLosesNoAcknowledgedWrite() throws Exception {
        String oldPrimary = cluster.primaryOf("commerce", "0");
        NetnsHosts.Host host = cluster.hostOf(tablet(oldPrimary));
        GatewayWriter w = new GatewayWriter(gatewayUrl(), "K");
        w.start();
        assertTrue(w.awaitAcks(0, 20, 30), "the client writes before the kill: " + w.errors + "\n" + logs());
        long kill = System.nanoTime();
        int killed = host.kill();
        String newPrimary = awaitNewPrimary(oldPrimary);
        assertNotEquals(oldPrimary, newPrimary);
        assertTrue(w.awaitAcks(kill, 20, 30), "writes go on on the new primary " + newPrimary + ": " + w.errors + "\n" + logs());
        long firstAck = w.firstAckAfter(kill);
        System.out.printf("kill of %s (%d processes, its etcd member among them): new primary %s; first acknowledged write %d ms after"
                + " the kill; %d client errors%n", host, killed, newPrimary, (firstAck - kill) / 1_000_000, w.errors.size());
        // the killed host's tablet is marked lost once silent for --lost-after; the next apply replaces it on another host
        assertTrue(awaitNeedsRebuild(oldPrimary, Duration.ofSeconds(60)), "the killed host's tablet is marked lost\n" + logs());
        HostCluster.Run apply = cluster.shardops(hosts.host(4), "apply", spec.toString(), "--state-dir",
                cluster.stateDir(hosts.host(4)).toString(), "--auto-approve");
        assertEquals(0, apply.exit(), apply.out());
        assertTrue(apply.out().contains("rebuild-tablet commerce/0 " + oldPrimary), apply.out());
        List<TabletRecord> serving = cluster.servingTablets("commerce", "0", 3, Duration.ofSeconds(60));
        assertEquals(3, serving.size(), "three serving tablets again: " + serving);
        assertTrue(serving.stream().noneMatch(t -> t.hostname().equals(host.address())), "none on the killed host: " + serving);
        assertTrue(awaitRebuilt(oldPrimary, Duration.ofSeconds(30)), "the replaced tablet leaves the list\n" + logs());
        w.finish();
        assertEquals(Set.of(), lost(w, rowsOnThePrimary("K")), "acknowledged writes missing on the new primary; errors: " + w.errors);
    }
}
