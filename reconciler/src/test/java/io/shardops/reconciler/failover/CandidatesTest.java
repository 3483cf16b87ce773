package io.shardops.reconciler.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.replication.GtidPosition;
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

    private static boolean errant(String formerState, String primaryState, String primaryPosition) {
        return Candidates.hasErrantTransactions(GtidPosition.parseState(formerState), GtidPosition.parseState(primaryState),
                GtidPosition.parse(primaryPosition));
    }

    @Test
    void aFormerPrimaryBehindTheNewOneHasNothingErrant() {
        assertFalse(errant("0-101-40", "0-101-40,0-102-45", "0-102-45"));
        assertFalse(errant("0-101-40", "0-101-41,0-102-45", "0-102-45"));
        assertFalse(errant("", "0-102-45", "0-102-45"));
    }

    @Test
    void aFormerPrimaryTheNewOneHasNoEntryForIsComparedByTheDomainsPosition() {
        assertFalse(errant("0-101-40", "0-102-45", "0-102-45"));
        assertTrue(errant("0-101-46", "0-102-45", "0-102-45"));
        assertTrue(errant("0-101-45", "0-102-45", "0-102-45"));
        assertTrue(errant("0-101-10,5-101-1", "0-102-45", "0-102-45"));
    }

    @Test
    void aTransactionWrittenOnThePartitionedPrimaryIsErrantThoughTheNewPrimaryWroteMoreSince() {
        // the partition of MultiHostFailoverIT: 102 promoted at 0-100-47 and wrote thousands since; 100 had committed
        // 0-100-48 to its binlog, waiting for an acknowledgement that never came
        assertTrue(errant("0-100-48", "0-100-47,0-102-8396", "0-102-8396"));
        assertFalse(errant("0-100-47", "0-100-47,0-102-8396", "0-102-8396"));
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
