package io.shardops.reconciler.bench;

import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.host.local.LocalCluster;
import io.shardops.reconciler.host.local.StateDir;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.reconciler.topo.EtcdTopologySource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * {@code shardops bench failover}: a shard of a primary, two replicas and an rdonly (durability semi-sync),
 * clients inserting unique ids through the gateway as fast as they can, then kill -9 of the primary's mysqld
 * with its port taken so it cannot start again (the node's tablet then answers nothing about it). Measures the
 * time from the kill to the first acknowledged write after it (necessarily on the new primary), counts the
 * client errors, and audits that every acknowledged write is present exactly once.
 */
public final class FailoverBench {
    static final String KEYSPACE = "bench";

    /** @param clients writing connections; @param afterSeconds how long they go on writing after the kill */
    public record Options(int clients, int afterSeconds, int gatewayPort) {}

    /** Runs {@code up} in this JVM. */
    @FunctionalInterface
    public interface Up {
        void up(Path specFile, Path stateDir);
    }

    /**
     * What a run measured.
     *
     * @param killToFirstAckMillis from the kill to the first write acknowledged after it; -1 when none was
     * @param detectAndPromoteMillis from the kill to the topology naming the new primary
     */
    public record Report(String oldPrimary, String newPrimary, long killToFirstAckMillis, long detectAndPromoteMillis,
                         long ackedBeforeKill, long ackedAfterKill, int clientErrors, List<String> errorSamples,
                         long rows, long lost, long duplicated, long unacknowledgedPresent) {
        public String text() {
            return String.format("""
                    Failover bench (one host): shard %s/0, primary + 2 replicas + rdonly, durability semi-sync
                      killed:                      kill -9 of the mysqld of primary %s (its port taken, not listening: it cannot start again)
                      new primary:                 %s
                      kill -> new primary recorded: %d ms
                      kill -> first acknowledged write: %d ms   (goal < 5000 ms)
                      acknowledged writes:         %d before the kill, %d after
                      client errors:               %d %s
                      audit:                       %d rows; %d acknowledged writes lost (goal 0), %d duplicated, %d present without acknowledgement (in flight)
                    """, KEYSPACE, oldPrimary, newPrimary, detectAndPromoteMillis, killToFirstAckMillis, ackedBeforeKill, ackedAfterKill,
                    clientErrors, errorSamples, rows, lost, duplicated, unacknowledgedPresent);
        }
    }

    private final BenchCluster cluster;
    private final Up up;
    private final Consumer<String> progress;

    public FailoverBench(BenchCluster cluster, Up up, Consumer<String> progress) {
        this.cluster = cluster;
        this.up = up;
        this.progress = progress;
    }

    public Report run(Options o) throws Exception {
        Path sql = cluster.work().resolve("bench.sql");
        Files.writeString(sql, "create table t (id bigint not null primary key, v varchar(32));\n", StandardCharsets.UTF_8);
        Path spec = cluster.work().resolve("bench-failover.yaml");
        Files.writeString(spec, BenchCluster.spec(o.gatewayPort(), "{replica: 3, rdonly: 1}", """
                    - name: %s
                      shards:
                        - name: "0"
                      schema:
                        - file: bench.sql
                      vschema:
                        tables:
                          t: {}
                """.formatted(KEYSPACE)), StandardCharsets.UTF_8);
        progress.accept("starting the cluster (4 tablets, a gateway)");
        up.up(spec, cluster.stateDir());
        LocalCluster local = LocalCluster.existing(new StateDir(cluster.stateDir())).orElseThrow();
        TabletRecord primary;
        try (EtcdTopoStore store = local.topoStore()) {
            Topology t = new EtcdTopologySource(store).read(BenchCluster.CLUSTER);
            primary = t.tablets().get(t.shard(KEYSPACE, "0").orElseThrow().primaryAlias());
        }
        Writers writers = new Writers(o.clients(), o.gatewayPort());
        writers.start();
        try {
            Thread.sleep(3_000);
            long pid = Long.parseLong(Files.readString(cluster.stateDir().resolve("tablets").resolve(primary.alias()).resolve("mysqld.pid")).strip());
            long ackedBefore = writers.acked.size();
            ShardRecord after;
            long killedAt;
            long promotedAt;
            PortSquatter taken = null;
            try {
                progress.accept("kill -9 of the mysqld of primary " + primary.alias() + " (pid " + pid + ")");
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                killedAt = System.nanoTime();
                writers.killedAt.set(killedAt);
                ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).join());
                taken = new PortSquatter(primary.mysqlPort());
                after = awaitNewPrimary(local, primary.alias());
                promotedAt = System.nanoTime();
                Thread.sleep(o.afterSeconds() * 1000L);
            } finally {
                if (taken != null) {
                    taken.close();
                }
            }
            writers.stop();
            long firstAck = writers.firstAckAfterKill.get();
            Set<Long> present = new HashSet<>();
            long rows = 0;
            try (Connection c = connect(o.gatewayPort()); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select id from t")) {
                while (rs.next()) {
                    rows++;
                    present.add(rs.getLong(1));
                }
            }
            Set<Long> lost = new HashSet<>(writers.acked);
            lost.removeAll(present);
            Set<Long> extra = new HashSet<>(present);
            extra.removeAll(writers.acked);
            List<String> samples = writers.errors.subList(0, Math.min(3, writers.errors.size()));
            return new Report(primary.alias(), after.primaryAlias(), firstAck == 0 ? -1 : (firstAck - killedAt) / 1_000_000,
                    (promotedAt - killedAt) / 1_000_000, ackedBefore, writers.acked.size() - ackedBefore, writers.errors.size(), List.copyOf(samples),
                    rows, lost.size(), rows - present.size(), extra.size());
        } finally {
            writers.stop();
        }
    }

    private ShardRecord awaitNewPrimary(LocalCluster local, String old) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (EtcdTopoStore store = local.topoStore()) {
            while (true) {
                ShardRecord s = new EtcdTopologySource(store).read(BenchCluster.CLUSTER).shard(KEYSPACE, "0").orElseThrow();
                if (!old.equals(s.primaryAlias())) {
                    return s;
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("no new primary for " + KEYSPACE + "/0 within 60 s of the kill; see the node log in " + cluster.stateDir());
                }
                Thread.sleep(20);
            }
        }
    }

    static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/" + KEYSPACE
                + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=5000&socketTimeout=10000&useServerPrepStmts=false", "root", "");
    }

    /** Clients inserting ids of their own range as fast as the gateway acknowledges; bounded to 5 minutes. */
    private static final class Writers {
        final Set<Long> acked = ConcurrentHashMap.newKeySet();
        final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong firstAckAfterKill = new AtomicLong();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();

        Writers(int clients, int port) {
            for (int k = 0; k < clients; k++) {
                long first = (k + 1) * 1_000_000_000L;
                Thread t = new Thread(() -> write(port, first), "bench-failover-writer-" + k);
                t.setDaemon(true);
                threads.add(t);
            }
        }

        void start() {
            threads.forEach(Thread::start);
        }

        private void write(int port, long first) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            Connection c = null;
            for (long id = first; !stop.get() && System.nanoTime() < deadline; id++) {
                try {
                    if (c == null) {
                        c = connect(port);
                    }
                    long sent = System.nanoTime();
                    try (Statement st = c.createStatement()) {
                        st.executeUpdate("insert into t (id, v) values (" + id + ", 'w')");
                    }
                    acked.add(id);
                    if (sent >= killedAt.get()) {
                        firstAckAfterKill.compareAndSet(0, System.nanoTime());
                    }
                } catch (SQLException e) {
                    errors.add(id + ": " + e.getMessage());
                    close(c);
                    c = null;
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
            close(c);
        }

        void stop() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(30_000);
            }
        }

        private static void close(Connection c) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (SQLException ignored) {
                // reconnect
            }
        }
    }
}
