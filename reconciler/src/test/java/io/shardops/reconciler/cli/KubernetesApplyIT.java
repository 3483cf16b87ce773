package io.shardops.reconciler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.planner.diff.Planner;
import io.shardops.planner.plan.PlanResult;
import io.shardops.planner.plan.PlanSource;
import io.shardops.planner.plan.PlanTarget;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.TabletState;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.apply.Executor;
import io.shardops.reconciler.apply.RunOutcome;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.reconciler.topo.etcd.TestEtcd;
import io.shardops.reconciler.gitops.watch.Phases;
import io.shardops.reconciler.provision.kubernetes.KubernetesOptions;
import io.shardops.reconciler.provision.kubernetes.KubernetesProvisioner;
import io.shardops.reconciler.topo.EtcdTopologySource;
import io.shardops.spec.Cluster;
import io.shardops.spec.TabletType;
import io.shardops.spec.load.LoadResult;
import io.shardops.spec.load.SpecLoader;
import io.shardops.dataplane.process.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The apply executor with the Kubernetes provisioner, every step kind through it, on real etcd and real
 * MariaDB: the provisioner writes StatefulSets to fabric8's mock API server, {@link PodSimulator} runs
 * their pods' containers (MariaDB and {@code shardops tablet} from the manifest's own command line) on
 * this machine, the tablet steps reach the pods' tablet managers through their records in etcd, and a
 * {@code shardops gateway} routes the reference's data. What only a real cluster adds (scheduling, DNS,
 * volumes, images) is covered by {@code KubernetesProvisionerK3sIT} where a container engine exists.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesApplyIT {
    private static final String NS = "shardops";
    /** The cluster's credentials: the tablets (through the simulated Secret) and the apply steps share them. */
    private static final ClusterCredentials CREDENTIALS =
            ClusterCredentials.generate();
    static KubernetesClient client;
    private static TestEtcd etcd;
    private static Path credentialsFile;
    private static PodSimulator pods;
    private static GatewayCommand.Running gateway;
    private static int gatewayPort;
    private static final StringWriter progress = new StringWriter();
    private static final ByteArrayOutputStream gatewayLog = new ByteArrayOutputStream();

    @BeforeAll
    static void start() throws Exception {
        etcd = TestEtcd.start("shardops-k8s-apply-it");
        // beside the pods' directories, which the simulator removes when their pods go
        credentialsFile = Files.createTempDirectory("shardops-k8s-secret").resolve("secrets/credentials.json");
        CREDENTIALS.write(credentialsFile);
        pods = new PodSimulator(client, NS, etcd.endpoint(), Files.createTempDirectory("shardops-k8s-pods"), credentialsFile).start();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (pods != null) {
            pods.close();
        }
        TestEtcd.stop(etcd);
    }

    private static RunOutcome apply(String phase) {
        LoadResult loaded = SpecLoader.load(Phases.root().resolve(phase));
        assertTrue(loaded.isValid(), () -> phase + ": " + loaded.problems());
        Cluster desired = loaded.cluster().orElseThrow();
        Topology live = new EtcdTopologySource(etcd.store()).read(desired.name());
        PlanResult planned = Planner.plan(desired, live, PlanSource.ofTopology(live.revision(), live.modRevisions()),
                new PlanTarget(desired.name(), phase, "hash-" + phase, ""));
        assertTrue(!planned.refused(), () -> phase + ": " + planned.errors());
        KubernetesProvisioner provisioner = new KubernetesProvisioner(client, desired.name(), KubernetesOptions.DEFAULT.withNamespace(NS),
                KubernetesProvisioner.WriteMode.CREATE_OR_REPLACE);
        PrintWriter out = new PrintWriter(progress, true);
        Executor executor = new Executor(etcd.store(), LocalApply.dispatch(provisioner,
                TabletManagers.http(CREDENTIALS), desired, "zone1", out),
                Executor.Options.DEFAULT.approving(true, Set.of()).withCells(List.of("zone1")), Clock.systemUTC(), out);
        return executor.run(planned.plan());
    }

    private static Topology topology() {
        return new EtcdTopologySource(etcd.store()).read("demo");
    }

    private static String why() {
        return "\napply:\n" + progress + "\npods:\n" + pods.log() + "\ngateway:\n" + gatewayLog.toString(StandardCharsets.UTF_8);
    }

    private static Connection viaGateway(String target) throws Exception {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + gatewayPort + "/" + target
                + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=5000", "user", "");
    }

    /** 101 to 202: tablet pools as pods, a primary elected, schema applied and copied, the reference data in commerce. */
    private static void walk101To202() throws Exception {
        RunOutcome first = apply("101_initial_cluster.yaml");
        assertInstanceOf(RunOutcome.Applied.class, first, why());
        assertEquals(Set.of("demo-zone1-commerce-0-replica-0", "demo-zone1-commerce-0-replica-1", "demo-zone1-commerce-0-rdonly-0"),
                pods.podsRunning(), why());
        Topology t = topology();
        List<TabletRecord> commerce = t.tablets().values().stream().filter(r -> r.keyspace().equals("commerce")).toList();
        assertEquals(3, commerce.size(), why());
        assertTrue(commerce.stream().allMatch(r -> r.state() == TabletState.SERVING), commerce::toString);
        String primary = t.shard("commerce", "0").orElseThrow().primaryAlias();
        assertEquals(TabletType.PRIMARY, t.tablets().get(primary).type(), "init-primary made the pod's tablet primary");

        gatewayPort = FreePorts.one();
        GatewayCommand command = new GatewayCommand();
        new CommandLine(command).parseArgs(("--cluster=demo --cell=zone1 --topo=" + etcd.endpoint() + " --mysql-port=" + gatewayPort
                + " --auth=none --listen=127.0.0.1 --credentials=" + credentialsFile).split(" "));
        gateway = command.start(new PrintStream(gatewayLog, true, StandardCharsets.UTF_8));
        String insert = Files.readString(Path.of(System.getProperty("repo.root", "..")).resolve("examples/data/insert_commerce_data.sql"));
        try (Connection c = viaGateway("commerce"); Statement st = c.createStatement()) {
            for (String sql : insert.lines().filter(l -> l.startsWith("insert")).toList()) {
                st.executeUpdate(sql);
            }
        }
        assertEquals(List.of("1 alice@domain.com", "2 bob@domain.com", "3 charlie@domain.com", "4 dan@domain.com", "5 eve@domain.com"),
                awaitRows("commerce@replica", "select customer_id, email from customer order by customer_id", 5),
                "the rows reached a replica pod through MariaDB replication set up by the tablet steps");

        assertInstanceOf(RunOutcome.Applied.class, apply("201_customer_keyspace.yaml"), why());
        assertInstanceOf(RunOutcome.Applied.class, apply("202_customer_tablets.yaml"), why());
        assertEquals(Set.of("demo-zone1-commerce-0-replica-0", "demo-zone1-commerce-0-replica-1", "demo-zone1-commerce-0-rdonly-0",
                "demo-zone1-customer-0-replica-0", "demo-zone1-customer-0-replica-1", "demo-zone1-customer-0-rdonly-0"),
                pods.podsRunning(), why());
        Topology after = topology();
        String customerPrimary = after.shard("customer", "0").orElseThrow().primaryAlias();
        assertEquals(TabletType.PRIMARY, after.tablets().get(customerPrimary).type(), why());
        assertEquals(Set.of("corder", "customer"), after.schema("customer", "0").orElseThrow().tables().stream()
                .map(d -> d.name()).collect(Collectors.toCollection(TreeSet::new)), "copy-schema ran on the customer pods");
        try (Connection c = viaGateway("customer"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from customer")) {
            assertTrue(rs.next());
            assertEquals(5, rs.getInt(1), "until the move switches, customer is served from commerce (served-from)");
        }
        assertInstanceOf(RunOutcome.NoChange.class, apply("202_customer_tablets.yaml"), "applying the same phase again finds nothing to do" + why());
    }

    @Test
    void theJourneyTo206RunsEveryStepKindThroughTheKubernetesProvisioner() throws Exception {
        walk101To202();
        for (String phase : List.of("203_vertical_split.yaml", "204_vertical_migrate_replicas.yaml", "205_vertical_migrate_master.yaml",
                "206_clean_commerce.yaml")) {
            assertInstanceOf(RunOutcome.Applied.class, apply(phase), phase + why());
        }
        assertEquals(List.of("1 alice@domain.com", "2 bob@domain.com", "3 charlie@domain.com", "4 dan@domain.com", "5 eve@domain.com"),
                awaitRows("customer", "select customer_id, email from customer order by customer_id", 5),
                "the copy and the binlog stream ran between the pods' tablets");
        try (Connection c = viaGateway("customer"); Statement st = c.createStatement()) {
            st.executeUpdate("insert into customer(email) values ('frank@domain.com')");
        }
        assertEquals(6, awaitRows("customer@replica", "select customer_id, email from customer order by customer_id", 6).size(),
                "writes after the switch reach customer's replica pods");
        try (Connection c = viaGateway("commerce/0"); Statement st = c.createStatement()) {
            SQLException e = Assertions.assertThrows(SQLException.class,
                    () -> st.executeQuery("select * from customer"));
            assertTrue(e.getMessage().contains("table customer not found in schema"), e.getMessage());
        }
    }

    private static List<String> awaitRows(String target, String sql, int count) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<String> rows = List.of();
        while (System.nanoTime() < deadline) {
            try (Connection c = viaGateway(target); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                ArrayList<String> got = new ArrayList<>();
                while (rs.next()) {
                    got.add(rs.getString(1) + " " + rs.getString(2));
                }
                rows = got;
            }
            if (rows.size() >= count) {
                return rows;
            }
            Thread.sleep(100);
        }
        return rows;
    }
}
