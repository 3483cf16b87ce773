package io.shardops.reconciler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.dataplane.process.FreePorts;
import io.shardops.planner.plan.Action;
import io.shardops.planner.plan.ApprovalClass;
import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.PlanSource;
import io.shardops.planner.plan.PlanTarget;
import io.shardops.planner.plan.Step;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.TopologyOf;
import io.shardops.reconciler.apply.Executor;
import io.shardops.reconciler.apply.RunOutcome;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.reconciler.topo.etcd.TestEtcd;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.reconciler.topo.TopologyWriter;
import io.shardops.spec.Cluster;
import io.shardops.spec.load.SpecLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shardops plan --etcd} on a live topology, and {@code shardops apply} refusing a stale saved plan. */
class ApplyCommandIT {
    private static TestEtcd etcd;
    private static EtcdTopoStore store;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startEtcd() throws Exception {
        etcd = TestEtcd.start("shardops-apply-it");
        store = etcd.store();
    }

    @AfterAll
    static void stopEtcd() {
        TestEtcd.stop(etcd);
    }

    static Path repo() {
        return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    }

    record Run(int exit, String out, String err) {}

    static Run shardops(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = ShardopsCommand.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** Replaces the cluster's records (tests share one etcd) with the topology {@code spec} describes, fully applied. */
    static Topology makeLive(String spec) {
        Cluster c = SpecLoader.load(repo().resolve(spec)).cluster().orElseThrow();
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
        return t;
    }

    @Test
    void approveRecordsTheGoAheadForTheStepARunWaitsAtAndRefusesAnyOther() {
        Action delete = new Action.DeleteKeyspace("old");
        Plan plan = new Plan(PlanSource.ofTopology(0, Map.of()),
                new PlanTarget("approvals", "spec.yaml", "h", ""), List.of(), List.of(
                new Step(1, new Action.CreateKeyspace("old", List.of()), List.of(),
                        false, ApprovalClass.NONE, false, "create"),
                new Step(2, delete, List.of(), true, ApprovalClass.DESTROY, true, "delete")));
        Executor executor = new Executor(store,
                LocalApply.withoutProvisioner(TabletManagers.http(
                        ClusterCredentials.generate()), new PrintWriter(Writer.nullWriter())), Executor.Options.DEFAULT,
                Clock.systemUTC(), new PrintWriter(new StringWriter()));
        String id = Executor.runId(plan);
        Assertions.assertInstanceOf(RunOutcome.WaitingForApproval.class, executor.run(plan));

        Run list = shardops("approve", "--etcd", etcd.endpoint());
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().contains(id + " step 2 (cluster approvals)"), list.out());

        Run wrong = shardops("approve", id, "1", "--etcd", etcd.endpoint());
        assertEquals(1, wrong.exit());
        assertTrue(wrong.err().contains("waits for approval of step 2, not step 1"), wrong.err());
        Run unknown = shardops("approve", "run-0000", "2", "--etcd", etcd.endpoint());
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().contains("no run run-0000"), unknown.err());
        assertTrue(!unknown.err().contains("Exception"), "no stack trace: " + unknown.err());

        Run ok = shardops("approve", id, "2", "--etcd", etcd.endpoint(), "--by", "ann");
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().contains("Approved step 2 of " + id + " (destroy) by ann"), ok.out());
        assertEquals(new RunOutcome.Applied(id, 1, 2), executor.run(plan), "the approved step ran on the next apply");
    }

    @Test
    void anErrorOfTheChangeReviewStopsApplyBeforeAnythingIsTouched() throws Exception {
        Topology live = makeLive("planner/src/test/resources/lint/before.yaml");
        String renamed = repo().resolve("planner/src/test/resources/lint/column-renamed/after.yaml").toString();
        String runs = "/shardops/" + live.clusterName() + "/reconciler/";
        String schemaKey = new TopologyWriter(store, live.clusterName()).keys().shardSchema("customer", "-80");
        long schemaRevision = store.get(schemaKey).orElseThrow().modRevision();

        Run apply = shardops("apply", renamed, "--etcd", etcd.endpoint(), "--auto-approve");
        assertEquals(1, apply.exit(), apply.out() + apply.err());
        assertTrue(apply.err().contains("error: column customer.name looks renamed to full_name"), apply.err());
        assertTrue(apply.err().contains("The change review found 1 error; nothing was applied."), apply.err());
        assertTrue(store.list(runs).entries().isEmpty(), "no run was recorded");
        assertEquals(schemaRevision, store.get(schemaKey).orElseThrow().modRevision(), "the shard's schema was not touched");

        Path planFile = tmp.resolve("renamed.json");
        Run plan = shardops("plan", renamed, "--etcd", etcd.endpoint(), "--out", planFile.toString(), "--no-color");
        assertEquals(1, plan.exit(), plan.err());
        Run saved = shardops("apply", planFile.toString(), "--etcd", etcd.endpoint());
        assertEquals(1, saved.exit(), saved.out() + saved.err());
        assertTrue(saved.err().contains("The change review found 1 error; nothing was applied."), saved.err());
        assertTrue(store.list(runs).entries().isEmpty(), "a saved plan with an error finding records no run either");
    }

    @Test
    void planAgainstTheLiveTopologyOfTheSameSpecHasNoChanges() {
        makeLive("examples/phases/101_initial_cluster.yaml");
        Run r = shardops("plan", repo().resolve("examples/phases/101_initial_cluster.yaml").toString(),
                "--etcd", etcd.endpoint(), "--detailed-exitcode", "--no-color");
        assertEquals(0, r.exit(), r.out() + r.err());
    }

    @Test
    void aSavedPlanIsRefusedOnceAKeyItReadChanged() throws Exception {
        Topology live = makeLive("examples/phases/101_initial_cluster.yaml");
        Path planFile = tmp.resolve("plan.json");
        Run plan = shardops("plan", repo().resolve("examples/phases/202_customer_tablets.yaml").toString(),
                "--etcd", etcd.endpoint(), "--out", planFile.toString(), "--detailed-exitcode", "--no-color");
        assertEquals(2, plan.exit(), plan.out() + plan.err());

        Run fresh = shardops("apply", planFile.toString(), "--etcd", etcd.endpoint());
        assertEquals(1, fresh.exit(), fresh.err());
        assertTrue(fresh.err().startsWith("This plan needs steps this build cannot run yet: start-tablets (step"), fresh.err());
        assertTrue(fresh.err().contains("Nothing was changed"), fresh.err());

        ShardRecord s = live.shardsOf("commerce").get(0);
        TopologyWriter w = new TopologyWriter(store, live.clusterName());
        long before = store.get(w.keys().shard("commerce", s.name())).orElseThrow().modRevision();
        w.updateShard("commerce", s.name(), x -> x.withPrimary("zone1-0000000999"));
        long after = store.get(w.keys().shard("commerce", s.name())).orElseThrow().modRevision();

        Run stale = shardops("apply", planFile.toString(), "--etcd", etcd.endpoint());
        assertEquals(1, stale.exit());
        assertEquals("Saved plan is stale: the live topology changed since this plan was made (key "
                        + w.keys().shard("commerce", s.name()) + " at revision " + before + ", now " + after + "). Run shardops plan again.\n",
                stale.err());
        w.updateShard("commerce", s.name(), x -> x.withPrimary(s.primaryAlias()));
    }

    @Test
    void aTopologyOnlyPlanIsAppliedAndThenThereIsNothingLeftToPlan() throws Exception {
        makeLive("examples/phases/101_initial_cluster.yaml");
        Path planFile = tmp.resolve("201.json");
        String spec201 = repo().resolve("examples/phases/201_customer_keyspace.yaml").toString();
        Run plan = shardops("plan", spec201, "--etcd", etcd.endpoint(), "--out", planFile.toString(), "--detailed-exitcode", "--no-color");
        assertEquals(2, plan.exit(), plan.out() + plan.err());

        Run apply = shardops("apply", planFile.toString(), "--etcd", etcd.endpoint());
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        assertTrue(apply.out().contains("[1/"), apply.out());
        assertTrue(apply.out().contains("Apply complete!"), apply.out());

        Run again = shardops("plan", spec201, "--etcd", etcd.endpoint(), "--detailed-exitcode", "--no-color");
        assertEquals(0, again.exit(), "the applied spec must plan no changes:\n" + again.out() + again.err());

        Run twice = shardops("apply", planFile.toString(), "--etcd", etcd.endpoint());
        assertEquals(0, twice.exit(), twice.err());
        assertTrue(twice.out().contains("already applied every step"), twice.out());
    }

    @Test
    void applyingASpecPlansNowAndRunsWithAutoApprove() {
        makeLive("examples/phases/101_initial_cluster.yaml");
        String spec201 = repo().resolve("examples/phases/201_customer_keyspace.yaml").toString();
        Run noTerminal = shardops("apply", spec201, "--etcd", etcd.endpoint());
        assertEquals(1, noTerminal.exit());
        assertTrue(noTerminal.err().contains("Apply cancelled; nothing was changed"), noTerminal.err());

        Run apply = shardops("apply", spec201, "--etcd", etcd.endpoint(), "--auto-approve");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        assertTrue(apply.out().contains("Apply complete!"), apply.out());
        Run again = shardops("apply", spec201, "--etcd", etcd.endpoint(), "--auto-approve");
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().startsWith("No changes."), again.out());
    }

    @Test
    void aPlanMadeFromAnotherSpecCannotBeApplied() {
        Path planFile = tmp.resolve("from.json");
        Run plan = shardops("plan", repo().resolve("examples/phases/201_customer_keyspace.yaml").toString(),
                "--from", repo().resolve("examples/phases/101_initial_cluster.yaml").toString(), "--out", planFile.toString());
        assertEquals(0, plan.exit(), plan.err());
        Run r = shardops("apply", planFile.toString(), "--etcd", etcd.endpoint());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("cannot be applied"), r.err());
    }

    @Test
    void anUnreachableEtcdIsOneLineSayingWhatToDo() {
        Run r = shardops("plan", repo().resolve("examples/phases/101_initial_cluster.yaml").toString(),
                "--etcd", "http://127.0.0.1:" + FreePorts.one());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("error: cannot read /shardops/"), r.err());
        assertTrue(r.err().contains("Is etcd running there?"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }
}
