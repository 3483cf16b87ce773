package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.shardops.dataplane.process.FreePorts;
import io.shardops.dataplane.tablet.StreamStatus;
import io.shardops.dataplane.tablet.copy.StreamState;
import io.shardops.dataplane.vindex.HashVindex;
import io.shardops.planner.topology.StreamRecord;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.TabletState;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.spec.TabletType;
import io.shardops.spec.key.KeyRange;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults at chosen points of a live Reshard (customer/0 into -80 and 80-, {@code src/test/resources/reshard-fault}),
 * applied with {@code shardops apply} while a client writes through the gateway the whole time:
 * <ol>
 *   <li>kill -9 of the -80 primary's mysqld in the middle of the copy;</li>
 *   <li>kill -9 of the source rdonly's mysqld (the copy's source) in the middle of the copy;</li>
 *   <li>kill -9 of the 80- primary's mysqld once the copy is done and its stream follows the binlog;</li>
 *   <li>kill -9 of {@code apply} in the primary switch, after the source stopped writes and before routing switched.</li>
 * </ol>
 * Each time the move either resumes by itself or fails loudly, naming the tablet, and resumes on the next apply;
 * the test prints which and asserts the one the code promises. At the end every acknowledged write and every
 * copied row is on the shard its keyspace id says, exactly once, and nothing else is there. Then the reshard is
 * completed and -80 and 80- are merged back into 0 by a spec naming only the shard 0, a client writing throughout:
 * the merge's verify-diff is clean, the client sees no error, and 0 holds every row exactly once.
 */
class ReshardFaultIT {
    private static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    private static final Path SPECS = ROOT.resolve("test/src/test/resources/reshard-fault");
    private static final String WORKFLOW = "customer-reshard";
    /**
     * Enough rows that the copy takes seconds (10,000-row batches) and there is a copy to interrupt, twice: at 100,000 the
     * copy was done before the second fault, and at 300,000 once too on a quiet machine (93,000 rows/s).
     */
    private static final long BULK_ROWS = 600_000;
    private static final long FIRST_CLIENT_ID = 1_000_000;
    private static final long FIRST_MERGE_CLIENT_ID = 2_000_000;
    private static final Duration COPY_WAIT = Duration.ofSeconds(120);
    private static final Duration TABLET_BACK = Duration.ofSeconds(60);

    static final String RESUMED = "resumed";
    static final String FAILED_LOUDLY_THEN_RESUMED = "failed loudly, then resumed on apply";
    static final String RESUMED_ON_APPLY = "resumed on the next apply, which took over the killed run's lock at once";

    @TempDir
    static Path tmp;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aReshardSurvivesKilledMysqldsAndAKilledApplyAndLosesNothing() throws Exception {
        LiveCluster c = LiveCluster.withSpecs(SPECS, tmp.resolve("spec"), tmp.resolve("state"), FreePorts.one());
        LiveCluster.withSpecs(ROOT.resolve("examples/phases/sql"), c.specDir().resolve("sql"), c.stateDir(), c.port());  // the journey's schema
        long t0 = System.nanoTime();
        WritingClient client = null;
        WritingClient merging = null;
        try {
            c.run("up", "1_one_shard");
            c.execOnPrimary("customer", "0", "insert into customer.customer (customer_id, email) select seq, concat('bulk', seq, '@domain.com')"
                    + " from customer.seq_1_to_" + BULK_ROWS);
            c.run("apply", "2_new_shards");
            client = new WritingClient(c, FIRST_CLIENT_ID);
            client.start();

            try (ApplyProcess copy = ApplyProcess.start(c, "3_copy")) {
                report("a target primary's mysqld killed during the copy", targetKilledDuringTheCopy(c, copy));
                report("the source rdonly's mysqld killed during the copy", sourceRdonlyKilledDuringTheCopy(c, copy));
            }
            report("a target primary's mysqld killed while its stream follows the binlog", targetKilledWhileFollowing(c));

            MoveChecks.killApplyOnceSourceStoppedWrites(c, "4_switch", WORKFLOW, Duration.ofSeconds(90));
            System.out.println("FAULT apply killed in the primary switch, after the source stopped writes and before routing switched");
            assertEquals(0, c.runExit("apply", "4_switch"), "apply of the switch again takes over the dead run's lock at once and resumes");
            report("apply killed between the source stopping writes and routing switching", RESUMED_ON_APPLY);
            Thread.sleep(1000);  // a few writes on the new primaries
            client.finish();
            System.out.println("FAULT client: " + client.summary() + "; first errors: " + client.errors.stream().limit(3).toList());
            assertTrue(client.acked.size() > 100, "the client wrote through the whole move: " + client.acked.size());
            Map<String, Set<Long>> byShard = MoveChecks.customersByShard(c, List.of("-80", "80-"), "customer_id >= 0");
            Set<Long> present = new TreeSet<>();
            byShard.values().forEach(present::addAll);
            MoveChecks.assertExactlyTheAcknowledged(client, new TreeSet<>(present.stream().filter(id -> id >= FIRST_CLIENT_ID).toList()));
            for (Map.Entry<String, Set<Long>> e : byShard.entrySet()) {
                KeyRange range = KeyRange.parse(e.getKey()).orElseThrow();
                long copied = e.getValue().stream().filter(id -> id < FIRST_CLIENT_ID).count();
                long expectedCopied = 0;
                for (long id = 1; id <= BULK_ROWS; id++) {
                    expectedCopied += range.contains(HashVindex.hash(id)) ? 1 : 0;
                }
                long acked = client.acked.stream().filter(id -> range.contains(HashVindex.hash(id))).count();
                System.out.printf("FAULT customer/%s: %d rows = %d copied + %d acknowledged writes%n", e.getKey(), e.getValue().size(), copied, acked);
                assertEquals(expectedCopied, copied, "every row of customer/0 in " + e.getKey() + "'s key range was copied, once");
                assertEquals(expectedCopied + acked, e.getValue().size(), "customer/" + e.getKey() + " holds the copied rows and the acknowledged writes");
            }

            c.run("apply", "5_complete");
            merging = new WritingClient(c, FIRST_MERGE_CLIENT_ID);
            merging.start();
            try (ApplyProcess merge = ApplyProcess.start(c, "6_merge")) {
                assertEquals(0, merge.awaitExit(COPY_WAIT), "the merge of -80 and 80- into 0 applies in one step:\n" + merge.output());
                assertTrue(merge.output().contains(": clean ("), "verify-diff of the merge is clean:\n" + merge.output());
                assertTrue(merge.output().contains("delete-shard customer/-80") && merge.output().contains("delete-shard customer/80-"),
                        "the merged shards are cleaned up:\n" + merge.output());
            }
            Thread.sleep(1000);  // a few writes on the merged primary
            merging.finish();
            System.out.println("FAULT merge client: " + merging.summary() + "; first errors: " + merging.errors.stream().limit(3).toList());
            assertTrue(merging.acked.size() > 50, "the client wrote through the whole merge: " + merging.acked.size());
            assertEquals(List.of(), merging.errors, "a merge without faults costs the client no error");
            Set<Long> merged = MoveChecks.customersByShard(c, List.of("0"), "customer_id >= 0").get("0");
            assertEquals(BULK_ROWS, merged.stream().filter(id -> id < FIRST_CLIENT_ID).count(), "every copied row is in 0, once");
            MoveChecks.assertExactlyTheAcknowledged(client, new TreeSet<>(merged.stream().filter(id -> id >= FIRST_CLIENT_ID && id < FIRST_MERGE_CLIENT_ID).toList()));
            MoveChecks.assertExactlyTheAcknowledged(merging, new TreeSet<>(merged.stream().filter(id -> id >= FIRST_MERGE_CLIENT_ID).toList()));
            System.out.printf("FAULT customer/0 after the merge: %d rows = %d copied + %d + %d acknowledged writes%n", merged.size(), BULK_ROWS,
                    client.acked.size(), merging.acked.size());
            System.out.printf("FAULT the whole test took %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0));
        } finally {
            if (client != null) {
                client.finish();
            }
            if (merging != null) {
                merging.finish();
            }
            Thread.interrupted();  // a @Timeout interrupts this thread; down must still run to its end
            c.down();  // also when a check above failed: no cluster outlives its test
            assertEquals(List.of(), c.processes().stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList(),
                    "no process of the cluster is left after shardops down");
        }
    }

    /**
     * kill -9 of the -80 primary's mysqld once it holds copied rows: the tablet starts it again and the
     * stream resumes after its last committed batch, while the apply waits for the target to answer again.
     */
    private static String targetKilledDuringTheCopy(LiveCluster c, ApplyProcess apply) throws Exception {
        StreamRecord before = awaitStream(c, "-80", s -> s.rowsCopied() > 0 && s.state() == StreamRecord.State.COPYING, COPY_WAIT);
        TabletRecord target = primary(c.topology(), "-80");
        killMysqld(c, target);
        assertTrue(apply.awaitLine(l -> l.contains("target customer/-80 (primary " + target.alias() + ") does not answer"), TABLET_BACK),
                "apply says the target does not answer:\n" + apply.output());
        assertTrue(apply.awaitLine(l -> l.contains("target customer/-80 (primary " + target.alias() + ") answers again"), TABLET_BACK),
                "apply sees the target back:\n" + apply.output());
        awaitStream(c, "-80", s -> s.rowsCopied() > before.rowsCopied(), COPY_WAIT);
        return RESUMED;
    }

    /**
     * kill -9 of the source rdonly's mysqld while both streams still copy from it: the streams fail, apply
     * exits non-zero naming the rdonly; the tablet starts its mysqld again and the next apply resumes the copy.
     */
    private static String sourceRdonlyKilledDuringTheCopy(LiveCluster c, ApplyProcess apply) throws Exception {
        awaitStream(c, null, s -> s.state() == StreamRecord.State.COPYING, COPY_WAIT);
        TabletRecord rdonly = c.topology().tablets().values().stream()
                .filter(r -> r.keyspace().equals("customer") && r.shard().equals("0") && r.type() == TabletType.RDONLY).findFirst().orElseThrow();
        killMysqld(c, rdonly);
        int exit = apply.awaitExit(COPY_WAIT);
        assertNotEquals(0, exit, "the copy fails when its source dies:\n" + apply.output());
        assertTrue(apply.output().contains("copies from " + rdonly.alias() + " (rdonly)"), "the failure names the source rdonly:\n" + apply.output());
        awaitServing(c, rdonly.alias());
        try (ApplyProcess again = ApplyProcess.start(c, "3_copy")) {
            assertEquals(0, again.awaitExit(COPY_WAIT), "apply again resumes the copy:\n" + again.output());
            assertTrue(again.output().contains("verify diff of " + WORKFLOW + ": clean"), "verify-diff is clean:\n" + again.output());
        }
        return FAILED_LOUDLY_THEN_RESUMED;
    }

    /**
     * kill -9 of the 80- primary's mysqld once the copy is done: the tablet starts it again and its stream
     * follows the source's binlog again from the position committed with its rows (the client's new rows arrive).
     */
    private static String targetKilledWhileFollowing(LiveCluster c) throws Exception {
        TabletRecord target = primary(c.topology(), "80-");
        killMysqld(c, target);
        awaitServing(c, target.alias());
        long deadline = System.nanoTime() + TABLET_BACK.toNanos();
        while (true) {
            Optional<StreamStatus> s = c.tablets().of(target).streams().stream()
                    .filter(x -> x.workflow().equals(WORKFLOW + ".0")).findFirst();
            if (s.isPresent() && s.get().state() == StreamState.RUNNING) {
                break;
            }
            if (System.nanoTime() > deadline) {
                fail("the stream into customer/80- did not run again after its mysqld restarted: " + s);
            }
            Thread.sleep(200);
        }
        return RESUMED;
    }

    // ---- helpers

    private static void report(String fault, String outcome) {
        System.out.println("FAULT " + fault + ": " + outcome);
    }

    private static TabletRecord primary(Topology t, String shard) {
        return t.tablets().get(t.shard("customer", shard).orElseThrow().primaryAlias());
    }

    /** SIGKILL to the tablet's mysqld (its pid from the state dir), as a crash or the OOM killer would. */
    private static void killMysqld(LiveCluster c, TabletRecord tablet) throws Exception {
        long pid = c.mysqldPid(tablet.alias());
        ProcessHandle p = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("mysqld of " + tablet.alias() + " (pid " + pid + ") is not running"));
        assertTrue(p.info().command().orElse("").contains("mariadbd"), "pid " + pid + " is a mariadbd: " + p.info().command());
        p.destroyForcibly();
        p.onExit().get(10, TimeUnit.SECONDS);
        System.out.println("FAULT killed the mysqld of " + tablet.alias() + " (" + tablet.type().word() + ", customer/" + tablet.shard() + ", pid " + pid + ")");
    }

    /** A stream from customer/0 into {@code targetShard} (null: any) as apply last recorded it, once {@code wanted} accepts it. */
    private static StreamRecord awaitStream(LiveCluster c, String targetShard, Predicate<StreamRecord> wanted, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<StreamRecord> last = c.topology().workflow(WORKFLOW).flatMap(w -> w.streams().stream()
                    .filter(s -> (targetShard == null || s.targetShard().equals(targetShard)) && wanted.test(s)).findFirst());
            if (last.isPresent()) {
                return last.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no stream into customer/" + targetShard + " got there within " + timeout.toSeconds() + " s: "
                + c.topology().workflow(WORKFLOW).map(w -> w.streams().toString()).orElse("no workflow"));
    }

    /** Waits until the topology shows the tablet serving again (its node started its mysqld again). */
    private static void awaitServing(LiveCluster c, String alias) throws Exception {
        long deadline = System.nanoTime() + TABLET_BACK.toNanos();
        while (System.nanoTime() < deadline) {
            TabletRecord r = c.topology().tablets().get(alias);
            if (r != null && r.state() == TabletState.SERVING && c.tablets().of(r).status().mysqldRunning()) {
                System.out.println("FAULT " + alias + " serves again");
                return;
            }
            Thread.sleep(200);
        }
        fail("tablet " + alias + " did not serve again within " + TABLET_BACK.toSeconds() + " s: " + c.topology().tablets().get(alias));
    }
}
