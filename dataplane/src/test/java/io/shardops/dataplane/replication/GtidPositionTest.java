package io.shardops.dataplane.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.tablet.TabletAlias;
import org.junit.jupiter.api.Test;

class GtidPositionTest {
    @Test
    void containsComparesSequencePerDomain() {
        GtidPosition have = GtidPosition.parse("0-101-42,1-7-3");
        assertTrue(have.contains(GtidPosition.parse("0-102-40")));
        assertTrue(have.contains(GtidPosition.parse("")));
        assertFalse(have.contains(GtidPosition.parse("0-101-43")));
        assertFalse(have.contains(GtidPosition.parse("2-1-1")));
        assertFalse(GtidPosition.EMPTY.contains(have));
    }

    @Test
    void roundTripsAndRejectsGarbage() {
        assertEquals("0-101-42,1-7-3", GtidPosition.parse(" 1-7-3, 0-101-42 ").toString());
        assertThrows(IllegalArgumentException.class, () -> GtidPosition.parse("0-101"));
    }

    @Test
    void tabletAliasIsWrittenAsVitessWritesIt() {
        assertEquals("zone1-0000000101", new TabletAlias("zone1", 101).toString());
        assertEquals(new TabletAlias("zone1", 101), TabletAlias.parse("zone1-0000000101"));
        assertThrows(IllegalArgumentException.class, () -> TabletAlias.parse("zone1"));
    }
}
