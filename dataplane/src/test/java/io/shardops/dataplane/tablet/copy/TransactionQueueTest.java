package io.shardops.dataplane.tablet.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.replication.GtidPosition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Which waiting source transactions the applier takes into one target transaction. */
class TransactionQueueTest {
    static SourceTransaction tx(long sequence) {
        return new SourceTransaction(1, new GtidPosition.Gtid(0, 101, sequence), 0);
    }

    static Deque<SourceTransaction> waiting(long from, long to) {
        Deque<SourceTransaction> d = new ArrayDeque<>();
        LongStream.rangeClosed(from, to).forEach(s -> d.add(tx(s)));
        return d;
    }

    static List<Long> sequences(List<SourceTransaction> group) {
        return group.stream().map(t -> t.gtid().sequence()).toList();
    }

    @Test
    void everythingWaitingGoesInOneGroupInOrder() {
        Deque<SourceTransaction> w = waiting(1, 5);
        List<SourceTransaction> group = new ArrayList<>();
        TransactionQueue.takeGroup(w, null, 500, group);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), sequences(group));
        assertTrue(w.isEmpty());
    }

    @Test
    void aGroupStopsAtItsLimitAndTheRestWaitsForTheNext() {
        Deque<SourceTransaction> w = waiting(1, 7);
        List<SourceTransaction> group = new ArrayList<>();
        TransactionQueue.takeGroup(w, null, 3, group);
        assertEquals(List.of(1L, 2L, 3L), sequences(group));
        assertEquals(4, w.size());
    }

    @Test
    void aPausedStreamAppliesUpToItsHoldPositionAndNoFurther() {
        Deque<SourceTransaction> w = waiting(1, 5);
        List<SourceTransaction> group = new ArrayList<>();
        TransactionQueue.takeGroup(w, GtidPosition.parse("0-101-3"), 500, group);
        assertEquals(List.of(1L, 2L, 3L), sequences(group));
        assertEquals(4L, w.peekFirst().gtid().sequence(), "held back until resumed");
        group.clear();
        TransactionQueue.takeGroup(w, GtidPosition.parse("0-101-3"), 500, group);
        assertEquals(List.of(), group);
    }

    @Test
    void aHoldPositionOfAnotherDomainHoldsEverything() {
        Deque<SourceTransaction> w = waiting(1, 2);
        List<SourceTransaction> group = new ArrayList<>();
        TransactionQueue.takeGroup(w, GtidPosition.parse("1-101-100"), 500, group);
        assertEquals(List.of(), group);
    }

    @Test
    void pausedTransactionsStayQueuedAndComeFirstOnceResumed() throws InterruptedException {
        TransactionQueue q = new TransactionQueue(10);
        for (long s = 1; s <= 4; s++) {
            assertTrue(q.put(tx(s), () -> false));
        }
        q.holdAt(GtidPosition.parse("0-101-2"));
        List<SourceTransaction> group = new ArrayList<>();
        q.nextGroup(q.poll(10), group, 500);
        assertEquals(List.of(1L, 2L), sequences(group));
        assertTrue(q.holding());
        assertEquals(null, q.poll(10), "nothing new is taken while transactions are held");
        q.holdAt(null);
        group.clear();
        q.nextGroup(null, group, 500);
        assertEquals(List.of(3L, 4L), sequences(group));
        assertFalse(q.holding());
        assertTrue(q.drained());
    }

    @Test
    void aFullQueueMakesTheReaderWaitUntilItGivesUp() throws InterruptedException {
        TransactionQueue q = new TransactionQueue(1);
        assertTrue(q.put(tx(1), () -> false));
        int[] asked = {0};
        assertFalse(q.put(tx(2), () -> ++asked[0] >= 2), "no room and the reader is told to stop: the transaction is given up");
        assertEquals(2, asked[0]);
    }

    @Test
    void clearDropsWhatWasReadButNotApplied() throws InterruptedException {
        TransactionQueue q = new TransactionQueue(10);
        q.put(tx(1), () -> false);
        q.put(tx(2), () -> false);
        q.holdAt(GtidPosition.EMPTY);
        q.nextGroup(q.poll(10), new ArrayList<>(), 500);
        assertTrue(q.holding());
        q.clear();
        assertFalse(q.holding());
        assertTrue(q.drained());
    }
}
