package io.shardops.reconciler.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.TopologyOf;
import io.shardops.reconciler.apply.Executor;
import io.shardops.reconciler.apply.StepHandlers;
import io.shardops.reconciler.etcd.TestEtcd;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.reconciler.topo.EtcdTopologySource;
import io.shardops.reconciler.topo.TopologyWriter;
import io.shardops.spec.Cluster;
import io.shardops.spec.load.SpecLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop applying for real: a bare repository, a real etcd, the apply executor with the handlers this build has. */
class WatcherApplyIT {
    private static TestEtcd etcd;
    private static EtcdTopoStore store;

    @TempDir
    Path dir;

    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startEtcd() throws Exception {
        etcd = TestEtcd.start("shardops-watch-it");
        store = etcd.store();
    }

    @AfterAll
    static void stopEtcd() {
        TestEtcd.stop(etcd);
    }

    /** The cluster as phase 101 leaves it, written straight into etcd (the data plane is not under test here). */
    private static void makeLive101() {
        Cluster c = SpecLoader.load(Phases.root().resolve("101_initial_cluster.yaml")).cluster().orElseThrow();
        store.deletePrefix("/shardops/" + c.name() + "/");
        Topology t = TopologyOf.spec(c);
        TopologyWriter w = new TopologyWriter(store, c.name());
        t.cells().forEach(w::createCell);
        t.keyspaces().values().forEach(w::createKeyspace);
        t.vschemas().forEach(w::putVSchema);
        t.shards().values().forEach(w::createShard);
        t.schemas().values().forEach(w::putShardSchema);
        t.tablets().values().forEach(w::putTablet);
        t.srvKeyspaces().values().forEach(w::putSrvKeyspace);
    }

    private Watcher watcher(TestRepos repos) {
        SpecRepository mirror = SpecRepository.mirror(repos.bare().toString(), dir.resolve("watch/mirror.git"));
        Applier applier = new ExecutorApplier(store, StepHandlers.topologyOnly(), Executor.Options.DEFAULT, Clock.systemUTC(),
                new PrintWriter(new StringWriter()));
        return new Watcher(mirror, new Watcher.Options("main", Phases.SPEC_DIR, Duration.ofHours(1), false, ReadLimits.DEFAULT),
                Optional.of(new EtcdTopologySource(store)), applier, new FileWatchState(dir.resolve("watch/state.json")), log::add, Clock.systemUTC());
    }

    @Test
    void aPushIsPlannedAgainstEtcdAndAppliedOnceAcrossRestarts() {
        makeLive101();
        try (TestRepos repos = TestRepos.create(dir)) {
            repos.commitAndPush("101", Phases.phase("101_initial_cluster.yaml"));
            try (Watcher w = watcher(repos)) {
                assertEquals(Optional.of(WatchOutcome.NO_CHANGES), w.pollOnce().outcome(), log.toString());

                String c201 = repos.commitAndPush("201", Phases.phase("201_customer_keyspace.yaml"));
                WatchRecord applied = w.pollOnce();
                assertEquals(Optional.of(WatchOutcome.APPLIED), applied.outcome(), applied.detail() + " " + log);
                assertEquals(c201, applied.lastApplied().orElseThrow().id());
                assertTrue(new EtcdTopologySource(store).read("demo").keyspace("customer").isPresent(), "customer now exists in etcd");
            }
            long revision = new EtcdTopologySource(store).read("demo").revision();
            try (Watcher restarted = watcher(repos)) {
                WatchRecord r = restarted.pollOnce();
                assertEquals(c201Of(r), r.lastApplied().orElseThrow().id());
                assertEquals(revision, new EtcdTopologySource(store).read("demo").revision(), "a restart writes nothing to etcd");
            }
        }
    }

    @Test
    void aPlanThisBuildCannotRunFailsWithNothingChanged() {
        makeLive101();
        try (TestRepos repos = TestRepos.create(dir)) {
            repos.commitAndPush("101", Phases.phase("101_initial_cluster.yaml"));
            try (Watcher w = watcher(repos)) {
                w.pollOnce();
                long revision = new EtcdTopologySource(store).read("demo").revision();
                repos.commitAndPush("202", Phases.phase("202_customer_tablets.yaml"));
                WatchRecord failed = w.pollOnce();
                if (failed.outcome().equals(Optional.of(WatchOutcome.FAILED))) {
                    assertTrue(failed.errors().get(0).contains("no handler"), failed.errors().toString());
                    assertEquals(revision, new EtcdTopologySource(store).read("demo").revision(), "nothing was changed");
                } else {
                    // The data plane's handlers have joined this build: then the plan simply applies.
                    assertEquals(Optional.of(WatchOutcome.APPLIED), failed.outcome(), failed.detail());
                }
            }
        }
    }

    private static String c201Of(WatchRecord r) {
        return r.lastSeen().orElseThrow().id();
    }
}
