package io.shardops.reconciler.host.local;

import io.shardops.dataplane.archive.BinlogArchiver;
import io.shardops.dataplane.credentials.BearerToken;
import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.dataplane.net.EventLoops;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.reconciler.archive.ArchiveLocations;
import io.shardops.reconciler.archive.ArchiveSupervisor;
import io.shardops.reconciler.backup.BackupScheduler;
import io.shardops.reconciler.failover.FailoverMonitor;
import io.shardops.reconciler.topo.EtcdCredentials;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.reconciler.topo.EtcdTopologySource;
import io.shardops.spec.TabletCounts;
import io.shardops.spec.TabletType;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code shardops node}: the one process that hosts every tablet and gateway of this machine on one
 * Vert.x instance, and takes orders over {@link NodeApi} on 127.0.0.1. On start it resumes what the
 * state dir records; on SIGTERM it stops its gateways, then its tablets and their mysqlds, cleanly.
 */
public final class NodeDaemon implements AutoCloseable {
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int STATUS_TIMEOUT_SECONDS = 10;
    private final ExecutorService statusThreads = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "shardops-node-status");
        t.setDaemon(true);
        return t;
    });

    private final StateDir dir;
    private final LocalConfig config;
    private final Vertx vertx;
    private final NodeTopology topology;
    private final TabletPool tablets;
    private final GatewayPool gateways;
    private final HttpServer http;
    private final ExecutorService httpThreads;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final PrintStream log;
    private final BearerToken token;
    private FailoverMonitor failover;
    /** Scheduled backups of the policy the cluster last applied (issue 17). */
    private volatile BackupScheduler backups;
    /** The binlog archive of every shard whose primary runs here, for point-in-time recovery (issue 17). */
    private volatile ArchiveSupervisor archives;

    private NodeDaemon(StateDir dir, LocalConfig config, Vertx vertx, NodeTopology topology, TabletPool tablets,
                       GatewayPool gateways, HttpServer http, ExecutorService httpThreads, PrintStream log, BearerToken token) {
        this.token = token;
        this.dir = dir;
        this.config = config;
        this.vertx = vertx;
        this.topology = topology;
        this.tablets = tablets;
        this.gateways = gateways;
        this.http = http;
        this.httpThreads = httpThreads;
        this.log = log;
    }

    /** Starts the node of {@code dir}: resumes its tablets and gateways, then answers on its port. */
    public static NodeDaemon start(StateDir dir, PrintStream log) throws IOException {
        LocalConfig config = LocalConfig.read(dir).orElseThrow(() -> new IOException(
                dir.localJson() + " does not exist: start the cluster with shardops up"));
        ClusterCredentials credentials = LocalCluster.readCredentials(dir);
        Vertx vertx = EventLoops.startBesideMysqld();
        NodeTopology topology = NodeTopology.connect(config, credentials);
        TabletPool[] poolRef = new TabletPool[1];
        LocalQueryServices queryServices = new LocalQueryServices();
        TabletPool tablets = new TabletPool(dir, config.host(), new TabletHost(dir, config, vertx, topology,
                (alias, type) -> poolRef[0].recordType(alias, type), queryServices, credentials));
        poolRef[0] = tablets;
        GatewayPool gateways = new GatewayPool(dir, config.host(), new GatewayHost(vertx, config.host(), topology, queryServices::find, dir.gatewayTlsDir(),
                credentials.mysqlAccounts()));
        log.println(Instant.now() + " node: resuming tablets and gateways of " + dir + " (network I/O: " + EventLoops.describe(vertx) + ")");
        tablets.resume().forEach(c -> log.println(Instant.now() + " node: " + c));
        gateways.resume().forEach(c -> log.println(Instant.now() + " node: " + c));
        // the node watches its cluster's primaries and replaces one that is gone (issue 16)
        FailoverMonitor failover = new FailoverMonitor(topology.store(),
                config.cluster(), TabletManagers.http(credentials),
                config.lostAfterSeconds() == null ? FailoverMonitor.Settings.DEFAULT
                        : FailoverMonitor.Settings.DEFAULT.withLostAfter(Duration.ofSeconds(config.lostAfterSeconds())),
                line -> log.println(Instant.now() + " node: " + line)).start();
        // on a host address the API is reachable from the other hosts; every call but /health needs the control token
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(config.host()), config.nodePort()), 16);
        ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "shardops-node-api");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(threads);
        NodeDaemon node = new NodeDaemon(dir, config, vertx, topology, tablets, gateways, http, threads, log,
                new BearerToken(credentials.controlToken()));
        node.failover = failover;
        node.routes();
        // a host of a cluster over several hosts registers before it answers: once up sees it healthy, an apply
        // finds it; a cluster on one host needs no directory (and gets no new keys in etcd)
        if (config.externalEtcd()) {
            node.register();
        }
        http.start();
        node.backups = new BackupScheduler(dir.root(), () -> {
            try (var store = EtcdTopoStore.connect(config.etcdEndpoint(),
                    Optional.of(EtcdCredentials.of(credentials)))) {
                return new EtcdTopologySource(store).read(config.cluster());
            }
        }, TabletManagers.http(credentials)::of, line -> log.println(Instant.now() + " node: " + line),
                Clock.systemUTC()).start(BackupScheduler.CHECK_EVERY);
        node.archives = new ArchiveSupervisor(
                new ArchiveLocations(dir.root()), credentials.mysqlAccounts(),
                () -> tablets.configs().stream()
                        .filter(c -> c.type() == TabletType.PRIMARY && tablets.runningTablet(c.alias()).isPresent())
                        .map(c -> new ArchiveSupervisor.Primary(c.keyspace(), c.shard(), c.alias(),
                                "127.0.0.1", c.mysqlPort()))
                        .toList(),
                BinlogArchiver.Settings.DEFAULT, line -> log.println(Instant.now() + " node: " + line))
                .start(2000);
        log.println(Instant.now() + " node: listening on " + config.nodeUrl() + " (pid " + ProcessHandle.current().pid() + ")");
        return node;
    }

    /** Registers in etcd; while etcd does not answer (its quorum still forming) registration goes on in the background. */
    private void register() {
        NodeRecord record = new NodeRecord(config.host(),
                config.host(), config.nodePort(), config.runs(), ProcessHandle.current().pid());
        try {
            topology.registerNode(record);
            log.println(Instant.now() + " node: registered as " + record.name() + " (" + String.join(",", record.runs()) + ")");
            return;
        } catch (RuntimeException e) {
            log.println(Instant.now() + " node: cannot register in etcd yet: " + e.getMessage());
        }
        Thread t = new Thread(() -> {
            for (int attempt = 1; closed.getCount() > 0; attempt++) {
                try {
                    topology.registerNode(record);
                    log.println(Instant.now() + " node: registered as " + record.name() + " (" + String.join(",", record.runs()) + ")");
                    return;
                } catch (RuntimeException e) {
                    if (attempt % 10 == 1) {
                        log.println(Instant.now() + " node: cannot register in etcd yet: " + e.getMessage());
                    }
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }, "shardops-node-register");
        t.setDaemon(true);
        t.start();
    }

    private void routes() {
        post("/tablets/ensure", NodeApi.EnsureTablets.class, r -> r.placed() != null
                ? tablets.ensurePlaced(r.keyspace(), r.shard(), r.cell(), r.placed())
                : tablets.ensure(r.keyspace(), r.shard(), r.cell(), new TabletCounts(r.replica(), r.rdonly())));
        post("/tablets/rebuild", NodeApi.RebuildTablet.class, r -> tablets.rebuild(r.keyspace(), r.shard(), r.cell(), r.alias(), r.uid()));
        post("/tablets/remove", NodeApi.ShardTablets.class, r -> tablets.remove(r.keyspace(), r.shard(), r.cell()));
        post("/tablets/purge", NodeApi.ShardTablets.class, r -> tablets.purge(r.keyspace(), r.shard(), r.cell()));
        post("/gateways/ensure", NodeApi.EnsureGateways.class, gateways::ensure);
        post("/gateways/remove", NodeApi.CellGateways.class, r -> gateways.remove(r.cell()));
        http.createContext("/health", ex -> answer(ex, 200, new NodeApi.Health("ok", ProcessHandle.current().pid(),
                config.cluster(), config.etcdEndpoint())));
        http.createContext("/status", ex -> {
            if (authorized(ex)) {
                answer(ex, 200, status());
            }
        });
    }

    private <T> void post(String path, Class<T> type, Function<T, Object> action) {
        http.createContext(path, ex -> {
            try {
                if (!authorized(ex)) {
                    return;
                }
                if (!"POST".equals(ex.getRequestMethod())) {
                    answer(ex, 405, new NodeApi.Failure(path + " takes POST"));
                    return;
                }
                T request;
                try (InputStream in = ex.getRequestBody()) {
                    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
                    if (body.length > MAX_BODY_BYTES) {
                        answer(ex, 413, new NodeApi.Failure("request body over " + MAX_BODY_BYTES + " bytes"));
                        return;
                    }
                    request = JsonFiles.MAPPER.readValue(body, type);
                } catch (IOException e) {
                    answer(ex, 400, new NodeApi.Failure("unreadable " + type.getSimpleName() + ": " + e.getMessage()));
                    return;
                }
                log.println(Instant.now() + " node: " + path + " " + request);
                Object result = action.apply(request);
                answer(ex, 200, result);
            } catch (RuntimeException e) {
                log.println(Instant.now() + " node: " + path + " failed: " + e);
                answer(ex, 500, new NodeApi.Failure(e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        });
    }

    /**
     * Every call but {@code /health} carries the cluster's control token; otherwise the answer is 401 before
     * the body is read, and nothing is done.
     */
    private boolean authorized(HttpExchange ex) throws IOException {
        if (token.accepts(ex.getRequestHeaders().getFirst(BearerToken.HEADER))) {
            return true;
        }
        log.println(Instant.now() + " node: refused " + ex.getRequestMethod() + " " + ex.getRequestURI().getPath()
                + " from " + ex.getRemoteAddress() + ": no valid bearer token");
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        answer(ex, 401, new NodeApi.Failure(BearerToken.REFUSED));
        return false;
    }

    NodeApi.NodeStatus status() {
        // each view asks its mysqld; in parallel and bounded, so one stuck tablet cannot hold up status
        List<TabletConfig> configs = tablets.configs();
        List<CompletableFuture<NodeApi.TabletView>> pending = new ArrayList<>();
        for (TabletConfig c : configs) {
            pending.add(CompletableFuture.supplyAsync(
                    () -> TabletHost.view(c, tablets.runningTablet(c.alias()), tablets.failure(c.alias())), statusThreads));
        }
        List<NodeApi.TabletView> views = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            TabletConfig c = configs.get(i);
            try {
                views.add(pending.get(i).get(STATUS_TIMEOUT_SECONDS, TimeUnit.SECONDS));
            } catch (Exception e) {
                views.add(new NodeApi.TabletView(c.alias(), c.keyspace(), c.shard(), c.cell(), c.type().word(),
                        "UNKNOWN (no answer in " + STATUS_TIMEOUT_SECONDS + " s)", c.mysqlPort(), c.queryPort(), c.managerPort(),
                        "unknown", -1, ""));
            }
        }
        return new NodeApi.NodeStatus(ProcessHandle.current().pid(), config.cluster(), config.etcdEndpoint(), views, gateways.views());
    }

    private static void answer(HttpExchange ex, int code, Object body) throws IOException {
        byte[] bytes = JsonFiles.MAPPER.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Blocks until {@link #close} has run (from the shutdown hook on SIGTERM). */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /** Stops answering, then the gateways, then the tablets and their mysqlds. */
    @Override
    public void close() {
        if (closed.getCount() == 0) {
            return;
        }
        log.println(Instant.now() + " node: stopping");
        if (backups != null) {
            backups.close();
        }
        if (archives != null) {
            archives.close();
        }
        http.stop(0);
        httpThreads.shutdownNow();
        if (failover != null) {
            failover.close();
        }
        gateways.close();
        tablets.close();
        topology.close();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS)
                .exceptionally(e -> null).join();
        log.println(Instant.now() + " node: stopped");
        log.flush();
        closed.countDown();
    }

    public StateDir stateDir() {
        return dir;
    }
}
