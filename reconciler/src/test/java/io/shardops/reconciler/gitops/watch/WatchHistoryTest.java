package io.shardops.reconciler.gitops.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WatchHistoryTest {
    private static CommitInfo commit(int n) {
        return new CommitInfo(String.format("%040d", n), "change " + n, "Dana Operator", Instant.ofEpochSecond(n));
    }

    @Test
    void aCommitSeenAgainKeepsOneEntryWithItsLatestOutcome() {
        WatchHistory h = WatchHistory.EMPTY
                .with(WatchHistory.Entry.of(commit(1), WatchOutcome.APPLIED, "run-1", "Plan: 1 to add", Instant.EPOCH))
                .with(WatchHistory.Entry.of(commit(2), WatchOutcome.WAITING_FOR_APPROVAL, "run-2", "Plan: 2 to add", Instant.EPOCH))
                .with(WatchHistory.Entry.of(commit(2), WatchOutcome.APPLIED, "run-2", "Plan: 2 to add", Instant.EPOCH));
        assertEquals(2, h.entries().size());
        assertEquals("applied", h.entries().get(0).outcome());
        assertEquals(commit(2).id(), h.entries().get(0).commit());
        assertEquals(commit(1).id(), h.entries().get(1).commit());
    }

    @Test
    void keepsTheNewestHundredAndRoundTripsThroughJson() {
        WatchHistory h = WatchHistory.EMPTY;
        for (int i = 1; i <= 130; i++) {
            h = h.with(WatchHistory.Entry.of(commit(i), WatchOutcome.REFUSED, "", "", Instant.ofEpochSecond(i)));
        }
        assertEquals(WatchHistory.LIMIT, h.entries().size());
        assertEquals(commit(130).id(), h.entries().get(0).commit());
        assertEquals(commit(31).id(), h.entries().get(99).commit());
        assertEquals(h, WatchHistory.fromJson(h.toJson()));
        assertEquals(null, h.toJson().getJsonArray("entries").getJsonObject(0).getValue("runId"), "no run: null, not \"\"");
    }
}
