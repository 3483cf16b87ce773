package io.shardops.test.hosts;

import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.dataplane.process.JavaCommand;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.TabletState;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.topo.etcd.LocalEtcd;
import io.shardops.reconciler.topo.EtcdAuthSetup;
import io.shardops.reconciler.topo.EtcdCredentials;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.reconciler.topo.EtcdTopologySource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A shardops cluster over {@link NetnsHosts}, started the way docs/multi-host.md tells a person to: an etcd
 * member on each of the first three hosts (with the project's etcd authentication), {@code shardops up
 * --host-address ... --etcd-endpoints ... --node-runs tablets} on each tablet host, and on the last host
 * {@code shardops up SPEC ... --node-runs gateways}, which starts the gateway there and applies the spec,
 * placing the tablets over the tablet hosts.
 */
public final class HostCluster implements AutoCloseable {
    public static final int ETCD_CLIENT_PORT = 2379;
    private static final int ETCD_PEER_PORT = 2380;

    private final NetnsHosts hosts;
    private final Path dir;
    private final String cluster;
    private final ClusterCredentials credentials;
    private final Path credentialsFile;
    private final List<LocalEtcd> etcd = new ArrayList<>();

    private HostCluster(NetnsHosts hosts, Path dir, String cluster) throws IOException {
        this.hosts = hosts;
        this.dir = dir;
        this.cluster = cluster;
        this.credentials = ClusterCredentials.generate();
        this.credentialsFile = dir.resolve("credentials.json");
        credentials.write(credentialsFile);
    }

    /** An etcd member on each of hosts 1..3, authentication on; nothing else yet. */
    public static HostCluster withEtcd(NetnsHosts hosts, Path dir, String cluster) throws Exception {
        HostCluster c = new HostCluster(hosts, dir, cluster);
        List<String> members = new ArrayList<>();
        List<LocalEtcd.Config> configs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            NetnsHosts.Host h = hosts.host(i);
            LocalEtcd.Config cfg = LocalEtcd.Config.in(dir.resolve("etcd-" + h.name())).onHost(h.address())
                    .withPorts(ETCD_CLIENT_PORT, ETCD_PEER_PORT).launchedBy(h.launcher());
            configs.add(cfg);
            members.add("etcd-" + h.name() + "=" + cfg.peerUrl());
        }
        // a member is healthy only once a quorum runs: start them together
        List<CompletableFuture<LocalEtcd>> started = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LocalEtcd.Config cfg = configs.get(i).member("etcd-" + hosts.host(i + 1).name(), String.join(",", members));
            started.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return LocalEtcd.start(cfg);
                } catch (Exception e) {
                    throw new IllegalStateException("etcd on " + cfg.host() + " did not start: " + e.getMessage(), e);
                }
            }));
        }
        for (CompletableFuture<LocalEtcd> f : started) {
            c.etcd.add(f.get(60, TimeUnit.SECONDS));
        }
        EtcdAuthSetup.ensure(c.etcdEndpoints(), EtcdCredentials.of(c.credentials));
        return c;
    }

    public String etcdEndpoints() {
        List<String> urls = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            urls.add("http://" + hosts.host(i).address() + ":" + ETCD_CLIENT_PORT);
        }
        return String.join(",", urls);
    }

    /** The etcd member of host {@code i} (1..3). */
    public LocalEtcd etcdOf(int i) {
        return etcd.get(i - 1);
    }

    public ClusterCredentials credentials() {
        return credentials;
    }

    public Path stateDir(NetnsHosts.Host h) {
        return dir.resolve("state-" + h.name());
    }

    /** {@code shardops ARGS} run inside host {@code h} until it exits; its output is returned and logged. */
    public Run shardops(NetnsHosts.Host h, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(JavaCommand.current());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.shardops.reconciler.cli.Main"));
        cmd.addAll(List.of(args));
        Path log = dir.resolve("cli-" + h.name() + "-" + System.nanoTime() + ".log");
        long t0 = System.nanoTime();
        Process p = h.start(cmd, log);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("shardops " + String.join(" ", args) + " on " + h + " timed out; log " + log);
        }
        Run r = new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8), (System.nanoTime() - t0) / 1_000_000);
        System.out.println("[" + h.name() + "] $ shardops " + String.join(" ", args) + "   (" + r.millis() + " ms, exit " + r.exit() + ")\n" + r.out());
        return r;
    }

    public record Run(int exit, String out, long millis) {}

    /** {@code shardops up} on host {@code h} as one more node of the cluster, taking {@code runs}. */
    public Run upNode(NetnsHosts.Host h, String runs, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("up"));
        args.addAll(List.of(more));
        args.addAll(List.of("--state-dir", stateDir(h).toString(), "--cluster", cluster, "--host-address", h.address(),
                "--etcd-endpoints", etcdEndpoints(), "--cluster-credentials", credentialsFile.toString(), "--node-runs", runs));
        return shardops(h, args.toArray(String[]::new));
    }

    /** A node taking tablets on each of hosts 1..{@code n}, started together; fails with the output of one that did not start. */
    public void upTabletNodes(int n, String... more) throws Exception {
        List<CompletableFuture<Run>> ups = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            NetnsHosts.Host h = hosts.host(i);
            ups.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return upNode(h, "tablets", more);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<Run> f : ups) {
            Run r = f.get(5, TimeUnit.MINUTES);
            if (r.exit() != 0) {
                throw new IllegalStateException("a tablet node did not start:\n" + r.out());
            }
        }
    }

    /**
     * The reference's first phase ({@code examples/phases/101_initial_cluster.yaml} and its SQL) copied into
     * {@code dir}, changed by {@code edit}; returns the spec file.
     */
    public static Path spec101(Path repoRoot, Path dir, UnaryOperator<String> edit) throws IOException {
        Files.createDirectories(dir.resolve("sql"));
        try (var files = Files.list(repoRoot.resolve("examples/phases/sql"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve("sql").resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path spec = dir.resolve("101_initial_cluster.yaml");
        Files.writeString(spec, edit.apply(Files.readString(repoRoot.resolve("examples/phases/101_initial_cluster.yaml"))));
        return spec;
    }

    /** JDBC straight to a tablet's MariaDB on its host, as the cluster's admin account (the test is on the hosts' /24). */
    public Connection mysqld(TabletRecord t, String database) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://" + t.hostname() + ":" + t.mysqlPort() + "/" + database
                        + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=5000&socketTimeout=20000",
                MysqlAccounts.ADMIN_USER, credentials.mysqlAccounts().adminPassword());
    }

    /** The shard's primary alias as its record says now. */
    public String primaryOf(String keyspace, String shard) {
        return topology().shard(keyspace, shard).map(ShardRecord::primaryAlias).orElse(null);
    }

    /** The host a tablet runs on. */
    public NetnsHosts.Host hostOf(TabletRecord t) {
        return hosts.hosts().stream().filter(h -> h.address().equals(t.hostname())).findFirst().orElseThrow();
    }

    /** A store on the cluster's etcd from the test's namespace. */
    public EtcdTopoStore store() {
        return EtcdTopoStore.connect(etcdEndpoints(), Optional.of(EtcdCredentials.of(credentials)));
    }

    public Topology topology() {
        try (EtcdTopoStore s = store()) {
            return new EtcdTopologySource(s).read(cluster);
        }
    }

    /** The tablet records of a shard, waiting until {@code n} of them are serving. */
    public List<TabletRecord> servingTablets(String keyspace, String shard, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<TabletRecord> serving = topology().tablets().values().stream()
                    .filter(t -> t.keyspace().equals(keyspace) && t.shard().equals(shard)
                            && t.state() == TabletState.SERVING).toList();
            if (serving.size() >= n || System.nanoTime() > deadline) {
                return serving;
            }
            Thread.sleep(200);
        }
    }

    /** The node log of host {@code h}, for a failure message. */
    public String nodeLog(NetnsHosts.Host h) {
        try {
            String text = Files.readString(stateDir(h).resolve("logs/node.log"));
            return text.length() > 12000 ? text.substring(text.length() - 12000) : text;
        } catch (IOException e) {
            return "(no node log: " + e.getMessage() + ")";
        }
    }

    /** Stops etcd members still run by this JVM; the hosts' other processes go with {@link NetnsHosts#close}. */
    @Override
    public void close() {
        for (LocalEtcd e : etcd) {
            try {
                e.stop();
            } catch (RuntimeException ignored) {
                // killed with its host already
            }
        }
    }
}
