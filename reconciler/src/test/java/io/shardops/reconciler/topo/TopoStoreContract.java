package io.shardops.reconciler.topo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * What every {@link TopoStore} must do (Vitess's topo/test idea): one suite, run against each
 * implementation by a subclass that supplies the store.
 */
public abstract class TopoStoreContract {
    /** A store shared by the tests of the class; each test works under its own prefix. */
    protected abstract TopoStore store();

    protected String root;

    @BeforeEach
    void ownPrefix(TestInfo info) {
        root = "/contract/" + info.getTestMethod().orElseThrow().getName() + "/";
    }

    @Test
    void getOfAMissingKeyIsEmpty() {
        assertTrue(store().get(root + "nothing").isEmpty());
    }

    @Test
    void createThenGetReturnsTheValueAndItsRevision() {
        Versioned created = store().create(root + "a", "{\"x\":1}");
        Versioned read = store().get(root + "a").orElseThrow();
        assertEquals("{\"x\":1}", read.value());
        assertEquals(created.modRevision(), read.modRevision());
        assertEquals(read.modRevision(), read.createRevision());
    }

    @Test
    void createFailsWhenTheKeyExists() {
        store().create(root + "a", "1");
        TopoException e = assertThrows(TopoException.class, () -> store().create(root + "a", "2"));
        assertEquals(TopoException.Kind.NODE_EXISTS, e.kind());
        assertEquals("1", store().get(root + "a").orElseThrow().value());
    }

    @Test
    void updateWritesTheChangedValueAndAdvancesTheRevision() {
        Versioned v1 = store().create(root + "a", "1");
        Versioned v2 = store().update(root + "a", old -> old.map(s -> s + "+")).orElseThrow();
        assertEquals("1+", v2.value());
        assertTrue(v2.modRevision() > v1.modRevision());
        assertEquals("1+", store().get(root + "a").orElseThrow().value());
    }

    @Test
    void updateThatChangesNothingWritesNothing() {
        Versioned v1 = store().create(root + "a", "same");
        long before = store().revision();
        Versioned after = store().update(root + "a", old -> old).orElseThrow();
        assertEquals(v1.modRevision(), after.modRevision());
        assertEquals(before, store().revision(), "a no-op update must not spend a revision");
    }

    @Test
    void updateCreatesAMissingKeyAndEmptyDeletes() {
        assertEquals("new", store().update(root + "a", old -> {
            assertTrue(old.isEmpty());
            return Optional.of("new");
        }).orElseThrow().value());
        assertTrue(store().update(root + "a", old -> Optional.empty()).isEmpty());
        assertTrue(store().get(root + "a").isEmpty());
    }

    @Test
    void concurrentUpdatesLoseNoIncrement() throws Exception {
        store().create(root + "counter", "0");
        int writers = 4;
        int each = 15;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        store().update(root + "counter", old -> Optional.of(Integer.toString(Integer.parseInt(old.orElseThrow()) + 1)));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Integer.toString(writers * each), store().get(root + "counter").orElseThrow().value());
    }

    @Test
    void putIfUnchangedRefusesAStaleRevision() {
        Versioned v1 = store().create(root + "a", "1");
        assertTrue(store().putIfUnchanged(root + "a", "2", v1.modRevision()).isPresent());
        assertTrue(store().putIfUnchanged(root + "a", "3", v1.modRevision()).isEmpty(), "stale revision must lose");
        assertEquals("2", store().get(root + "a").orElseThrow().value());
        assertTrue(store().putIfUnchanged(root + "b", "new", 0).isPresent(), "revision 0 creates a missing key");
        assertTrue(store().putIfUnchanged(root + "b", "again", 0).isEmpty(), "revision 0 refuses an existing key");
    }

    @Test
    void listReturnsOnlyThePrefixInKeyOrderAtOneRevision() {
        store().create(root + "ks/b", "2");
        store().create(root + "ks/a", "1");
        store().create(root + "ks/a/deeper", "3");
        store().create(root + "ksx", "other");
        Listing l = store().list(root + "ks/");
        assertEquals(List.of(root + "ks/a", root + "ks/a/deeper", root + "ks/b"), l.entries().stream().map(Versioned::key).toList());
        assertTrue(l.revision() >= l.entries().stream().mapToLong(Versioned::modRevision).max().orElseThrow());
        assertTrue(store().list(root + "none/").entries().isEmpty());
    }

    @Test
    void revisionsOfReportsCurrentModRevisionsAndOmitsMissingKeys() {
        Versioned a = store().create(root + "a", "1");
        Versioned b = store().create(root + "b", "1");
        Versioned b2 = store().update(root + "b", o -> Optional.of("2")).orElseThrow();
        Listing l = store().revisionsOf(List.of(root + "a", root + "b", root + "gone"));
        assertEquals(a.modRevision(), l.modRevisions().get(root + "a"));
        assertEquals(b2.modRevision(), l.modRevisions().get(root + "b"));
        assertFalse(l.modRevisions().containsKey(root + "gone"));
        assertTrue(b2.modRevision() > b.modRevision());
    }

    @Test
    void deleteAndDeletePrefix() {
        store().create(root + "a", "1");
        store().create(root + "p/1", "1");
        store().create(root + "p/2", "1");
        assertTrue(store().delete(root + "a"));
        assertFalse(store().delete(root + "a"));
        assertEquals(2, store().deletePrefix(root + "p/"));
        assertTrue(store().list(root).entries().isEmpty());
    }

    @Test
    void watchSeesEveryChangeAfterARevisionInOrder() throws Exception {
        store().create(root + "w/before", "0");
        long from = store().list(root + "w/").revision();
        List<WatchEvent> seen = new CopyOnWriteArrayList<>();
        try (TopoWatch w = store().watch(root + "w/", from, seen::add)) {
            store().create(root + "w/a", "1");
            store().update(root + "w/a", o -> Optional.of("2"));
            store().create(root + "outside-w", "x");
            store().delete(root + "w/a");
            awaitSize(seen, 3);
        }
        assertEquals(List.of("put " + root + "w/a=1", "put " + root + "w/a=2", "delete " + root + "w/a"),
                seen.stream().map(TopoStoreContract::describe).toList());
        assertTrue(seen.get(0).revision() < seen.get(1).revision());
    }

    @Test
    void watchFromAnOlderRevisionReplaysWhatHappenedSince() throws Exception {
        long from = store().revision();
        store().create(root + "r/a", "1");
        List<WatchEvent> seen = new CopyOnWriteArrayList<>();
        try (TopoWatch w = store().watch(root + "r/", from, seen::add)) {
            awaitSize(seen, 1);
        }
        assertEquals("put " + root + "r/a=1", describe(seen.get(0)));
    }

    @Test
    void lockIsExclusiveAndNamesItsHolder() {
        LockHolder alice = new LockHolder("alice@host (pid 1)", Instant.parse("2026-11-25T10:00:00Z"), "run-1", "shardops apply");
        LockHolder bob = new LockHolder("bob@host (pid 2)", Instant.parse("2026-11-25T10:01:00Z"), "run-2", "shardops apply");
        try (TopoLock held = store().lock(root + "lock", alice, Duration.ofSeconds(10), Duration.ZERO)) {
            assertTrue(held.isHeld());
            assertEquals(Optional.of(alice), store().lockHolder(root + "lock"));
            TopoException e = assertThrows(TopoException.class,
                    () -> store().lock(root + "lock", bob, Duration.ofSeconds(10), Duration.ofMillis(200)));
            assertEquals(TopoException.Kind.LOCK_HELD, e.kind());
            assertTrue(e.getMessage().contains("locked by alice@host (pid 1) since 2026-11-25T10:00:00Z, run run-1: shardops apply"), e.getMessage());
        }
        assertTrue(store().lockHolder(root + "lock").isEmpty(), "closing releases the lock");
        try (TopoLock second = store().lock(root + "lock", bob, Duration.ofSeconds(10), Duration.ZERO)) {
            assertTrue(second.isHeld());
        }
    }

    @Test
    void aLockWhoseHolderDiedOnThisHostIsTakenOverWithoutWaitingOutItsLease() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        LockHolder dead = new LockHolder("carol@" + LockHolder.localHost() + " (pid " + gone.pid() + ")", Instant.now(), "run-dead", "shardops apply");
        assertTrue(dead.diedOnThisHost());
        // its lease is kept alive here, as if the process still ran: only the dead PID frees it
        try (TopoLock stale = store().lock(root + "lock", dead, Duration.ofSeconds(30), Duration.ZERO)) {
            long t0 = System.nanoTime();
            try (TopoLock mine = store().lock(root + "lock", LockHolder.thisProcess("run-2", "shardops apply", Instant.now()),
                    Duration.ofSeconds(30), Duration.ZERO)) {
                assertTrue(mine.isHeld());
                assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "taken over at once");
                assertEquals("run-2", store().lockHolder(root + "lock").orElseThrow().run());
            }
        }
        LockHolder elsewhere = new LockHolder("carol@another-host (pid " + gone.pid() + ")", Instant.now(), "", "");
        assertFalse(elsewhere.diedOnThisHost(), "a holder on another host is not known dead");
        assertFalse(LockHolder.thisProcess("", "", Instant.now()).diedOnThisHost());
    }

    @Test
    void aWaitingLockerGetsTheLockWhenItIsReleased() throws Exception {
        LockHolder first = new LockHolder("first", Instant.now(), "", "");
        TopoLock held = store().lock(root + "lock", first, Duration.ofSeconds(10), Duration.ZERO);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<TopoLock> waiter = pool.submit(() ->
                    store().lock(root + "lock", new LockHolder("second", Instant.now(), "", ""), Duration.ofSeconds(10), Duration.ofSeconds(20)));
            Thread.sleep(300);
            assertFalse(waiter.isDone());
            held.close();
            try (TopoLock second = waiter.get(20, TimeUnit.SECONDS)) {
                assertEquals("second", store().lockHolder(root + "lock").orElseThrow().who());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLockOutlivesItsTtlWhileItsHolderRuns() throws Exception {
        try (TopoLock held = store().lock(root + "lock", new LockHolder("me", Instant.now(), "", ""), Duration.ofSeconds(1), Duration.ZERO)) {
            Thread.sleep(2500); // the keep-alive must renew a 1 s lease
            assertTrue(held.isHeld());
            assertTrue(store().lockHolder(root + "lock").isPresent());
        }
    }

    private static String describe(WatchEvent e) {
        if (e instanceof WatchEvent.Put p) {
            return "put " + p.key() + "=" + p.value();
        }
        if (e instanceof WatchEvent.Delete d) {
            return "delete " + d.key();
        }
        return "ended " + ((WatchEvent.Ended) e).reason();
    }

    private static void awaitSize(List<?> list, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (list.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(list.size() >= n, "expected " + n + " events, got " + list);
    }
}
