package io.shardops.reconciler.topo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NeedsRebuildJsonTest {
    @Test
    void theListIsReadFromAFailoverRecordAndAnUnreadableRecordListsNothing() {
        assertEquals(List.of("zone1-0000000100"), NeedsRebuildJson.decode("{\"history\":[{\"kind\":\"needs-rebuild\"}],\"needsRebuild\":[\"zone1-0000000100\"]}"));
        assertEquals(List.of(), NeedsRebuildJson.decode("{\"history\":[]}"));
        assertEquals(List.of(), NeedsRebuildJson.decode("not json"));
    }
}
