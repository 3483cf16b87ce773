package io.shardops.test.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.shardops.dataplane.process.FreePorts;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.reconciler.topo.EtcdTopoStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster over four hosts (network namespaces with their own addresses): a three-member etcd on h1..h3,
 * the tablets of commerce/0 spread over h1..h3, the gateway alone on h4. The test talks to it from its own
 * namespace, as a client on another machine would: reads and writes through the gateway, replication
 * between hosts, and an etcd member killed without the cluster noticing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiHostIT {
    private static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    private static final int GATEWAY_PORT = 15306;

    @TempDir
    static Path tmp;
    static NetnsHosts hosts;
    static HostCluster cluster;
    static Path spec;

    @BeforeAll
    static void clusterOverFourHosts() throws Exception {
        Optional<String> why = NetnsHosts.unavailable();
        Assumptions.assumeTrue(why.isEmpty(), () -> "skipped: several hosts on one machine need " + why.orElse(""));
        hosts = NetnsHosts.create(4);
        cluster = HostCluster.withEtcd(hosts, tmp, "demo");
        spec = HostCluster.spec101(ROOT, tmp.resolve("spec"), text -> text);
        cluster.upTabletNodes(3);
        HostCluster.Run up = cluster.upNode(hosts.host(4), "gateways", spec.toString(), "--auto-approve");
        assertEquals(0, up.exit(), up.out() + "\n" + cluster.nodeLog(hosts.host(1)));
        assertTrue(up.out().contains("Connect with: mysql -h " + hosts.host(4).address() + " -P " + GATEWAY_PORT), up.out());
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

    static String gatewayUrl(String database) {
        return "jdbc:mysql://" + hosts.host(4).address() + ":" + GATEWAY_PORT + "/" + database
                + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=5000&socketTimeout=20000";
    }

    @Test
    @Order(1)
    void theShardsTabletsRunOnThreeDifferentHostsAndTheGatewayOnAFourth() throws Exception {
        List<TabletRecord> tablets = cluster.servingTablets("commerce", "0", 3, Duration.ofSeconds(30));
        assertEquals(3, tablets.size(), "serving tablets: " + tablets);
        Set<String> tabletHosts = tablets.stream().map(TabletRecord::hostname).collect(Collectors.toSet());
        assertEquals(Set.of(hosts.host(1).address(), hosts.host(2).address(), hosts.host(3).address()), tabletHosts,
                "one tablet per tablet host: " + tablets);
        ShardRecord shard = cluster.topology().shard("commerce", "0").orElseThrow();
        assertTrue(tablets.stream().anyMatch(t -> t.alias().equals(shard.primaryAlias())), "the primary is one of them: " + shard);
        // nothing of the gateway host but the gateway; nothing answers MySQL on the tablet hosts' gateway port
        for (int i = 1; i <= 3; i++) {
            assertTrue(!FreePorts.inUse(hosts.host(i).address(), GATEWAY_PORT), "no gateway on h" + i);
        }
    }

    @Test
    @Order(2)
    void writesAndReadsGoThroughTheGatewayAndReplicateAcrossHosts() throws Exception {
        try (Connection c = DriverManager.getConnection(gatewayUrl("commerce"), "user", ""); Statement st = c.createStatement()) {
            st.executeUpdate("insert into product(sku, description, price) values ('SKU-7001', 'Router', 40)");
            try (ResultSet rs = st.executeQuery("select description from product where sku = 'SKU-7001'")) {
                assertTrue(rs.next());
                assertEquals("Router", rs.getString(1));
            }
            for (String target : List.of("commerce@replica", "commerce@rdonly")) {
                st.execute("use `" + target + "`");
                awaitRow(st, "SKU-7001", target);
            }
        }
    }

    @Test
    @Order(3)
    void killingOneEtcdMemberKeepsTheClusterServingAndChangeable() throws Exception {
        long pid = cluster.etcdOf(3).process().pid();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        try (Connection c = DriverManager.getConnection(gatewayUrl("commerce"), "user", ""); Statement st = c.createStatement()) {
            st.executeUpdate("insert into product(sku, description, price) values ('SKU-7002', 'Switch', 25)");
            st.execute("use `commerce@replica`");
            awaitRow(st, "SKU-7002", "commerce@replica");
        }
        // the topology still changes: one more rdonly tablet, placed over the nodes by an apply on the gateway host
        String more = Files.readString(spec).replace("tabletDefaults: {replica: 2, rdonly: 1}", "tabletDefaults: {replica: 2, rdonly: 2}");
        Files.writeString(spec, more);
        HostCluster.Run up = cluster.upNode(hosts.host(4), "gateways", spec.toString(), "--auto-approve");
        assertEquals(0, up.exit(), up.out());
        List<TabletRecord> tablets = cluster.servingTablets("commerce", "0", 4, Duration.ofSeconds(60));
        assertEquals(4, tablets.size(), "four serving tablets after the apply: " + tablets);
        try (EtcdTopoStore store = cluster.store()) {
            assertTrue(store.revision() > 0, "the remaining members answer the test's client too");
        }
        try (Connection c = DriverManager.getConnection(gatewayUrl("commerce@rdonly"), "user", ""); Statement st = c.createStatement()) {
            awaitRow(st, "SKU-7002", "commerce@rdonly");
        }
    }

    /**
     * Waits for the row on {@code target}. A tablet of that type may be briefly not serving (the failover monitor may
     * have moved the primary once on a busy machine while the tablets started): retried until the deadline.
     */
    static void awaitRow(Statement st, String sku, String target) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (true) {
            try (ResultSet rs = st.executeQuery("select sku from product where sku = '" + sku + "'")) {
                if (rs.next()) {
                    return;
                }
                last = "no row";
            } catch (SQLException e) {
                last = e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                fail(sku + " did not reach " + target + " within 30 s: " + last + "; tablets " + cluster.topology().tablets().values());
            }
            Thread.sleep(200);
        }
    }
}
