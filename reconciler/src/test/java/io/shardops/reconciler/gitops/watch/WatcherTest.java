package io.shardops.reconciler.gitops.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.planner.plan.Step;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop against real repositories: a bare "origin", a clone that pushes, the watcher's own mirror. */
class WatcherTest {
    @TempDir
    Path dir;

    private final List<String> log = new CopyOnWriteArrayList<>();

    /** An applier that records what it was given and applies nothing; its answers are scripted per call. */
    private static final class RecordingApplier implements Applier {
        final List<Request> requests = new ArrayList<>();
        Outcome next = new Outcome.Applied("done");

        @Override
        public Outcome apply(Request request) {
            requests.add(request);
            return next;
        }
    }

    private Watcher watcher(TestRepos repos, Applier applier, boolean dryRun) {
        SpecRepository mirror = SpecRepository.mirror(repos.bare().toString(), dir.resolve("watch/mirror.git"));
        return new Watcher(mirror, new Watcher.Options("main", Phases.SPEC_DIR, Duration.ofHours(1), dryRun, ReadLimits.DEFAULT),
                Optional.empty(), applier, new FileWatchState(dir.resolve("watch/state.json")), log::add, Clock.systemUTC());
    }

    @Test
    void aPushIsPlannedAgainstTheLastGoodSpec() {
        try (TestRepos repos = TestRepos.create(dir)) {
            String c101 = repos.commitAndPush("101", Phases.phase("101_initial_cluster.yaml"));
            try (Watcher w = watcher(repos, Applier.DRY_RUN, true)) {
                WatchRecord first = w.pollOnce();
                assertEquals(Optional.of(WatchOutcome.DRY_RUN), first.outcome(), log.toString());
                assertEquals(c101, first.lastSeen().orElseThrow().id());
                assertTrue(first.planSummary().startsWith("Plan: "), first.planSummary());

                String c201 = repos.commitAndPush("201", Phases.phase("201_customer_keyspace.yaml"));
                WatchRecord second = w.pollOnce();
                assertEquals(c201, second.lastSeen().orElseThrow().id());
                assertEquals(Optional.of(WatchOutcome.DRY_RUN), second.outcome());
                // Planned from 101's state, not from scratch: commerce exists, only customer is new.
                List<String> targets = w.status().getJsonObject("lastPlan").getJsonArray("steps").stream()
                        .map(s -> ((JsonObject) s).getString("target")).toList();
                assertTrue(targets.stream().anyMatch(t -> t.startsWith("customer")), targets.toString());
                assertFalse(targets.stream().anyMatch(t -> t.startsWith("commerce/0")), targets.toString());

                // Nothing new: nothing planned again.
                w.pollOnce();
                assertEquals(second, w.record());
            }
        }
    }

    @Test
    void anInvalidCommitIsRefusedReportedAndTheLastGoodStays() {
        try (TestRepos repos = TestRepos.create(dir)) {
            String good = repos.commitAndPush("101", Phases.phase("101_initial_cluster.yaml"));
            RecordingApplier applier = new RecordingApplier();
            try (Watcher w = watcher(repos, applier, false)) {
                w.pollOnce();
                assertEquals(1, applier.requests.size());

                Map<String, String> broken = new HashMap<>(Phases.phase("101_initial_cluster.yaml"));
                broken.put(Phases.SPEC_DIR + "/cluster.yaml",
                        broken.get(Phases.SPEC_DIR + "/cluster.yaml").replace("tabletDefaults: {replica: 2, rdonly: 1}", "tabletDefaults: {replica: many}"));
                String bad = repos.commitAndPush("typo", broken);
                WatchRecord refused = w.pollOnce();

                assertEquals(1, applier.requests.size(), "an invalid commit never reaches the applier");
                assertEquals(Optional.of(WatchOutcome.REFUSED), refused.outcome());
                assertEquals(bad, refused.lastSeen().orElseThrow().id());
                assertEquals(good, refused.lastGood().orElseThrow().id());
                assertEquals(good, refused.lastApplied().orElseThrow().id());
                assertFalse(refused.errors().isEmpty());
                assertTrue(refused.errors().get(0).startsWith("clusters/demo/cluster.yaml:"), refused.errors().toString());
                assertTrue(log.stream().anyMatch(l -> l.contains("clusters/demo/cluster.yaml:")), log.toString());
                assertTrue(w.status().getJsonArray("errors").size() > 0);

                // The fix is planned against what was last applied (101), not against the broken commit.
                repos.commitAndPush("201", Phases.phase("201_customer_keyspace.yaml"));
                w.pollOnce();
                assertEquals(2, applier.requests.size());
                assertEquals(good, applier.requests.get(0).commit().id());
            }
        }
    }

    @Test
    void aCommitWhoseChangeReviewFindsAnErrorIsRefusedAndNeverApplied() throws Exception {
        Path corpus = Path.of(System.getProperty("repo.root", "..")).resolve("planner/src/test/resources/lint");
        try (TestRepos repos = TestRepos.create(dir)) {
            String good = repos.commitAndPush("before", Map.of(Phases.SPEC_DIR + "/cluster.yaml", Files.readString(corpus.resolve("before.yaml"))));
            RecordingApplier applier = new RecordingApplier();
            try (Watcher w = watcher(repos, applier, false)) {
                w.pollOnce();
                assertEquals(1, applier.requests.size());

                repos.commitAndPush("rename", Map.of(Phases.SPEC_DIR + "/cluster.yaml",
                        Files.readString(corpus.resolve("column-renamed/after.yaml"))));
                WatchRecord refused = w.pollOnce();
                assertEquals(1, applier.requests.size(), "a commit with an error finding never reaches the applier");
                assertEquals(Optional.of(WatchOutcome.REFUSED), refused.outcome());
                assertEquals(good, refused.lastApplied().orElseThrow().id());
                assertTrue(refused.errors().get(0).startsWith("clusters/demo/cluster.yaml:31:17: error: column customer.name looks renamed"),
                        refused.errors().toString());
                assertTrue(refused.errors().get(0).endsWith("[column-renamed]"), refused.errors().toString());
            }
        }
    }

    @Test
    void aRestartNeverAppliesACommitAgain() {
        try (TestRepos repos = TestRepos.create(dir)) {
            String c101 = repos.commitAndPush("101", Phases.phase("101_initial_cluster.yaml"));
            RecordingApplier applier = new RecordingApplier();
            try (Watcher w = watcher(repos, applier, false)) {
                assertEquals(Optional.of(WatchOutcome.APPLIED), w.pollOnce().outcome());
            }
            try (Watcher restarted = watcher(repos, applier, false)) {
                WatchRecord r = restarted.pollOnce();
                assertEquals(1, applier.requests.size(), "the applied commit is not handed over again");
                assertEquals(c101, r.lastApplied().orElseThrow().id());
            }
        }
    }

    @Test
    void statusNamesTheApproveCommandFromTheStepNumberTheRecordKeepsAcrossARestart() {
        try (TestRepos repos = TestRepos.create(dir)) {
            repos.commitAndPush("101", Phases.phase("101_initial_cluster.yaml"));
            RecordingApplier applier = new RecordingApplier();
            applier.next = new Applier.Outcome.WaitingForApproval("run-7", 12, "2 tablets removed from commerce/0", "waiting for approval of step 12");
            try (Watcher w = watcher(repos, applier, false)) {
                w.pollOnce();
                assertEquals(12, w.status().getInteger("pendingStep"), "a client reads the step as a number, without parsing the line");
                assertEquals("shardops approve run-7 12", w.status().getString("approveCommand"));
            }
            try (Watcher restarted = watcher(repos, applier, false)) {
                assertEquals(Optional.of(new PendingApproval(12, "step 12: 2 tablets removed from commerce/0")), restarted.record().pendingApproval());
                assertEquals("shardops approve run-7 12", restarted.status().getString("approveCommand"));
            }
        }
    }

    @Test
    void aCommitWaitingForApprovalIsHandedOverAgainUntilDone() {
        try (TestRepos repos = TestRepos.create(dir)) {
            repos.commitAndPush("101", Phases.phase("101_initial_cluster.yaml"));
            RecordingApplier applier = new RecordingApplier();
            applier.next = new Applier.Outcome.WaitingForApproval(3, "switch primary", "waiting for approval of step 3");
            try (Watcher w = watcher(repos, applier, false)) {
                WatchRecord waiting = w.pollOnce();
                assertEquals(Optional.of(WatchOutcome.WAITING_FOR_APPROVAL), waiting.outcome());
                assertEquals(Optional.of(new PendingApproval(3, "step 3: switch primary")), waiting.pendingApproval());
                assertTrue(waiting.lastApplied().isEmpty());
                assertEquals("step 3: switch primary", w.status().getString("pendingApproval"));
            }
            applier.next = new Applier.Outcome.Applied("approved and done");
            try (Watcher restarted = watcher(repos, applier, false)) {
                WatchRecord done = restarted.pollOnce();
                assertEquals(2, applier.requests.size());
                assertEquals(Optional.of(WatchOutcome.APPLIED), done.outcome());
                restarted.pollOnce();
                assertEquals(2, applier.requests.size());
            }
        }
    }

    static List<String> kinds(List<Step> steps) {
        return steps.stream().map(s -> s.kind().word()).toList();
    }
}
