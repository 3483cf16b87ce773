package io.shardops.reconciler.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.tablet.GtidPosition;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.spec.key.KeyRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandidatesTest {
    private static Candidates.Candidate c(String alias, String position) {
        return new Candidates.Candidate(alias, GtidPosition.parse(position));
    }

    @Test
    void theReplicaThatReceivedMostIsPromoted() {
        assertEquals("zone1-0000000103", Candidates.mostAdvanced(List.of(c("zone1-0000000102", "0-101-40"),
                c("zone1-0000000103", "0-101-42"), c("zone1-0000000104", "0-101-41"))).orElseThrow().alias());
    }

    @Test
    void equalPositionsPickTheLowestAliasEveryTime() {
        assertEquals("zone1-0000000102", Candidates.mostAdvanced(List.of(c("zone1-0000000103", "0-101-42"),
                c("zone1-0000000102", "0-101-42"))).orElseThrow().alias());
    }

    @Test
    void aReplicaAheadInEveryDomainWinsOverOneAheadInOnlyOne() {
        assertEquals("b", Candidates.mostAdvanced(List.of(c("a", "0-101-42,1-7-3"), c("b", "0-101-42,1-7-9"))).orElseThrow().alias());
    }

    @Test
    void noCandidateNoChoice() {
        assertTrue(Candidates.mostAdvanced(List.of()).isEmpty());
    }

    @Test
    void aFormerPrimaryBehindTheNewOneHasNothingErrant() {
        assertFalse(Candidates.hasErrantTransactions(GtidPosition.parse("0-101-40"), GtidPosition.parse("0-101-40,0-102-45")));
        assertFalse(Candidates.hasErrantTransactions(GtidPosition.parse("0-101-40"), GtidPosition.parse("0-102-45")));
        assertFalse(Candidates.hasErrantTransactions(GtidPosition.parse(""), GtidPosition.parse("0-102-45")));
    }

    @Test
    void aTransactionOnlyTheFormerPrimaryHasIsErrant() {
        assertTrue(Candidates.hasErrantTransactions(GtidPosition.parse("0-101-46"), GtidPosition.parse("0-102-45")));
        assertTrue(Candidates.hasErrantTransactions(GtidPosition.parse("0-101-45"), GtidPosition.parse("0-102-45")));
        assertTrue(Candidates.hasErrantTransactions(GtidPosition.parse("0-101-10,5-101-1"), GtidPosition.parse("0-102-45")));
    }

    @Test
    void everyNewPrimaryRaisesTheTermAndKeepsTheRest() {
        ShardRecord s = new ShardRecord("customer", "-80", KeyRange.parse("-80").orElseThrow(), "zone1-0000000101", true, List.of(), List.of())
                .withDurability("semi-sync");
        assertEquals(0, s.term());
        ShardRecord after = s.withNewPrimary("zone1-0000000102");
        assertEquals(1, after.term());
        assertEquals("zone1-0000000102", after.primaryAlias());
        assertEquals("semi-sync", after.durability());
        assertEquals(1, after.withPrimary("zone1-0000000102").term(), "recording the same primary again is not a new term");
        assertEquals("none", s.withDurability(null).durabilityOrNone());
    }
}
