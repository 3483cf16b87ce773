package io.shardops.reconciler.gitops.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.TopologyOf;
import io.shardops.reconciler.apply.Approvals;
import io.shardops.reconciler.apply.Executor;
import io.shardops.reconciler.apply.StepDispatch;
import io.shardops.reconciler.apply.steps.tablets.FakeTablets;
import io.shardops.reconciler.topo.etcd.TestEtcd;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.reconciler.topo.EtcdTopologySource;
import io.shardops.reconciler.topo.TopoWatch;
import io.shardops.reconciler.topo.TopologyKeys;
import io.shardops.reconciler.topo.TopologyWriter;
import io.shardops.spec.Cluster;
import io.shardops.spec.load.SpecLoader;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
        return watcher(repos, false);
    }

    /** A watcher as `shardops watch --etcd` makes one: its record and history in etcd, a new process each call. */
    private Watcher watcher(TestRepos repos, boolean selfHeal) {
        SpecRepository mirror = SpecRepository.mirror(repos.bare().toString(), dir.resolve("watch/mirror.git"));
        Applier applier = new ExecutorApplier(store, new StepDispatch(StepDispatch.DataPlane.withoutProvisioner(new FakeTablets(), line -> { })), Executor.Options.DEFAULT, Clock.systemUTC(),
                new PrintWriter(new StringWriter()));
        return new Watcher(mirror, new Watcher.Options("main", Phases.SPEC_DIR, Duration.ofHours(1), false, ReadLimits.DEFAULT,
                Optional.empty(), selfHeal), Optional.of(new EtcdTopologySource(store)), applier,
                new EtcdWatchState(store, "demo", "main", Phases.SPEC_DIR), log::add, Clock.systemUTC());
    }

    /** Phase 101 with a policy that gates destructive steps. */
    private static Map<String, String> gated101() {
        Map<String, String> files = new HashMap<>(Phases.phase("101_initial_cluster.yaml"));
        files.computeIfPresent(Phases.SPEC_DIR + "/cluster.yaml", (k, v) -> v.stripTrailing() + "\n  policy:\n    requireApproval: [destroy]\n");
        return files;
    }

    private static long revision() {
        return new EtcdTopologySource(store).read("demo").revision();
    }

    @Test
    void aGatedStepWaitsForApprovalAcrossARestartThenTheWatcherFinishesWithoutAPoll() throws Exception {
        makeLive101();
        try (TestRepos repos = TestRepos.create(dir)) {
            repos.commitAndPush("101", Phases.phase("101_initial_cluster.yaml"));
            repos.commitAndPush("201", Phases.phase("201_customer_keyspace.yaml"));
            String back;
            String runId;
            try (Watcher w = watcher(repos)) {
                assertEquals(Optional.of(WatchOutcome.APPLIED), w.pollOnce().outcome(), log.toString());
                back = repos.commitAndPush("drop customer again", gated101());
                WatchRecord waiting = w.pollOnce();
                assertEquals(Optional.of(WatchOutcome.WAITING_FOR_APPROVAL), waiting.outcome(), waiting.detail() + " " + log);
                runId = waiting.runId().orElseThrow();
                String command = w.status().getString("approveCommand");
                assertTrue(command.startsWith("shardops approve " + runId + " "), command);
                assertTrue(log.stream().anyMatch(l -> l.contains("waiting for approval: " + command)), log.toString());
                assertTrue(new EtcdTopologySource(store).read("demo").keyspace("customer").isPresent(), "the gated delete has not run");
            }
            // A new process with the same etcd: still waiting at the same step of the same run, and it writes nothing while it waits.
            long before = revision();
            try (Watcher restarted = watcher(repos);
                 TopoWatch wakeup = ApprovalWakeup.start(store, "demo", restarted)) {
                WatchRecord still = restarted.pollOnce();
                assertEquals(Optional.of(WatchOutcome.WAITING_FOR_APPROVAL), still.outcome());
                assertEquals(Optional.of(runId), still.runId());
                assertEquals(before, revision(), "polling while waiting writes nothing");

                int step = Integer.parseInt(restarted.status().getString("approveCommand").replaceAll(".* ", ""));
                new Approvals(store, "demo").approve(runId, step, "dana", Instant.now());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (restarted.record().outcome().equals(Optional.of(WatchOutcome.WAITING_FOR_APPROVAL)) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                WatchRecord done = restarted.record();
                assertEquals(Optional.of(WatchOutcome.APPLIED), done.outcome(), done.detail() + " " + log);
                assertEquals(Optional.of(runId), done.runId(), "the approved run went on; no new plan was made");
                assertEquals(back, done.lastApplied().orElseThrow().id());
                assertTrue(new EtcdTopologySource(store).read("demo").keyspace("customer").isEmpty(), "customer deleted once approved");
                WatchHistory.Entry top = restarted.history().entries().get(0);
                assertEquals(back, top.commit());
                assertEquals("applied", top.outcome());
                assertEquals(runId, top.runId());
            }
            long applied = revision();
            try (Watcher again = watcher(repos)) {
                assertEquals(Optional.of(WatchOutcome.APPLIED), again.pollOnce().outcome());
                assertEquals(applied, revision(), "a restart never applies the commit again");
                assertEquals(List.of("applied", "applied"),
                        again.history().entries().stream().map(WatchHistory.Entry::outcome).toList(), "one history entry per commit, newest first");
            }
        }
    }

    @Test
    void aNewCommitWhileWaitingIsPlannedAfreshAndTheOldApprovalDoesNotCarryOver() {
        makeLive101();
        try (TestRepos repos = TestRepos.create(dir)) {
            repos.commitAndPush("101", Phases.phase("101_initial_cluster.yaml"));
            repos.commitAndPush("201", Phases.phase("201_customer_keyspace.yaml"));
            try (Watcher w = watcher(repos)) {
                w.pollOnce();
                repos.commitAndPush("drop customer", gated101());
                WatchRecord waiting = w.pollOnce();
                assertEquals(Optional.of(WatchOutcome.WAITING_FOR_APPROVAL), waiting.outcome(), log.toString());
                String keep = repos.commitAndPush("keep customer after all", Phases.phase("201_customer_keyspace.yaml"));
                WatchRecord next = w.pollOnce();
                assertEquals(keep, next.lastSeen().orElseThrow().id());
                assertEquals(Optional.of(WatchOutcome.NO_CHANGES), next.outcome(), next.detail());
                assertTrue(log.stream().anyMatch(l -> l.contains("does not carry over")), log.toString());
            }
        }
    }

    @Test
    void driftBehindTheWatchersBackIsReportedAndCorrectedOnlyWithSelfHeal() {
        makeLive101();
        try (TestRepos repos = TestRepos.create(dir)) {
            repos.commitAndPush("101", Phases.phase("101_initial_cluster.yaml"));
            String c201 = repos.commitAndPush("201", Phases.phase("201_customer_keyspace.yaml"));
            TopologyKeys keys = new TopologyKeys("demo");
            try (Watcher w = watcher(repos)) {
                assertEquals(Optional.of(WatchOutcome.APPLIED), w.pollOnce().outcome(), log.toString());
                w.pollOnce();
                assertTrue(w.drift().isEmpty(), "no drift right after an apply: " + log);

                assertTrue(store.delete(keys.vschema("commerce")), "someone deletes commerce's VSchema by hand");
                WatchRecord r = w.pollOnce();
                assertEquals(Optional.of(WatchOutcome.APPLIED), r.outcome(), "drift is not a Git change: the record stays");
                JsonObject drift = w.status().getJsonObject("drift");
                assertEquals(c201, drift.getString("commit"));
                assertTrue(drift.getJsonArray("steps").encode().contains("apply-vschema"), drift.encode());
                assertTrue(log.stream().anyMatch(l -> l.startsWith("drift: ")), log.toString());
                assertTrue(store.get(keys.vschema("commerce")).isEmpty(), "reported, not corrected");
            }
            try (Watcher healing = watcher(repos, true)) {
                healing.pollOnce();
                assertTrue(store.get(keys.vschema("commerce")).isPresent(), "self-heal wrote the VSchema back: " + log);
                assertTrue(healing.drift().isEmpty());
                assertEquals(WatchHistory.DRIFT_CORRECTED, healing.history().entries().get(0).outcome());
                healing.pollOnce();
                assertTrue(healing.drift().isEmpty(), "nothing left to correct");
            }
        }
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
                var topology = new EtcdTopologySource(store).read("demo").modRevisions();
                repos.commitAndPush("202", Phases.phase("202_customer_tablets.yaml"));
                WatchRecord failed = w.pollOnce();
                if (failed.outcome().equals(Optional.of(WatchOutcome.FAILED))) {
                    assertTrue(failed.errors().get(0).contains("no handler"), failed.errors().toString());
                    assertEquals(topology, new EtcdTopologySource(store).read("demo").modRevisions(), "no topology record was changed");
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
