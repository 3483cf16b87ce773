package io.shardops.dataplane.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the binlog archive needs of a GTID position (it had a class of its own before). */
class GtidPositionArchiveUseTest {
    @Test
    void aTransactionAdvancesItsDomainOnly() {
        GtidPosition p = GtidPosition.parse("0-101-42,1-7-3").with(new GtidPosition.Gtid(0, 102, 43));
        assertEquals("0-102-43,1-7-3", p.toString());
        assertEquals(GtidPosition.parse("1-7-3,0-102-43"), p);
    }

    @Test
    void aSegmentFollowsWhenItsStartEqualsTheEndReachedWhateverTheOrder() {
        // segment manifests are compared by equality: the order in the text must not matter
        assertEquals(GtidPosition.parse("1-7-3,0-101-42"), GtidPosition.parse(" 0-101-42, 1-7-3 "));
        assertEquals(GtidPosition.EMPTY, GtidPosition.parse(""));
        assertEquals(GtidPosition.EMPTY, GtidPosition.parse(null));
    }

    @Test
    void aSegmentWhollyWithinABackupIsSkipped() {
        GtidPosition backup = GtidPosition.parse("0-101-42");
        assertTrue(backup.contains(GtidPosition.parse("0-101-40")));
        assertFalse(backup.contains(GtidPosition.parse("0-101-40,1-7-1")));
        assertTrue(GtidPosition.EMPTY.with(new GtidPosition.Gtid(0, 1, 1)).contains(GtidPosition.parse("0-1-1")));
    }
}
