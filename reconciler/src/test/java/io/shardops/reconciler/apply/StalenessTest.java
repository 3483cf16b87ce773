package io.shardops.reconciler.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StalenessTest {
    @Test
    void anUnchangedTopologyIsFresh() {
        assertEquals(List.of(), Staleness.changes(Map.of("/a", 5L, "/b", 7L), Map.of("/b", 7L, "/a", 5L)));
    }

    @Test
    void movedCreatedAndDeletedKeysAreChanges() {
        List<Staleness.KeyChange> c = Staleness.changes(Map.of("/a", 5L, "/b", 7L), Map.of("/a", 9L, "/c", 12L));
        assertEquals(List.of(new Staleness.KeyChange("/a", 5, 9), new Staleness.KeyChange("/b", 7, 0), new Staleness.KeyChange("/c", 0, 12)), c);
        assertEquals("key /a at revision 5, now 9", c.get(0).describe());
        assertEquals("key /b at revision 7 was deleted", c.get(1).describe());
        assertEquals("key /c was created at revision 12", c.get(2).describe());
    }

    @Test
    void theRefusalUsesTerraformsWordingAndCountsTheRest() {
        assertEquals("Saved plan is stale: the live topology changed since this plan was made (key /a at revision 5, now 9)."
                        + " Run shardops plan again.",
                Staleness.refusal(List.of(new Staleness.KeyChange("/a", 5, 9))));
        assertEquals("Saved plan is stale: the live topology changed since this plan was made (key /a at revision 5, now 9;"
                        + " and 2 more changes). Run shardops plan again.",
                Staleness.refusal(List.of(new Staleness.KeyChange("/a", 5, 9), new Staleness.KeyChange("/b", 1, 0), new Staleness.KeyChange("/c", 0, 3))));
    }
}
