package io.shardops.reconciler.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.planner.topology.RunState;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunRecordTest {
    /** A run record as the executor wrote it before states were typed. */
    private static String stored(String state) {
        return "{\"id\":\"run-0000000000000007\",\"cluster\":\"commerce\",\"specHash\":\"h\",\"commit\":\"c0ffee\",\"stepsTotal\":5,"
                + "\"stepsDone\":[1,2],\"current\":3,\"state\":\"" + state + "\",\"message\":\"m\",\"updatedAt\":\"2026-12-02T05:00:00Z\"}";
    }

    @Test
    void everyStateWrittenSoFarReadsAndIsWrittenBackUnchanged() {
        for (String word : List.of("running", "waiting-approval", "failed", "done")) {
            RunRecord r = RunRecord.fromJson(stored(word));
            assertEquals(word, r.state().word());
            assertEquals(stored(word), r.toJson());
        }
        assertEquals(RunState.WAITING_APPROVAL, RunRecord.fromJson(stored("waiting-approval")).state());
    }

    @Test
    void aRecordWithoutAStateReadsAsRunning() {
        assertEquals(RunState.RUNNING, RunRecord.fromJson("{\"id\":\"run-1\",\"cluster\":\"c\",\"stepsTotal\":1}").state());
    }

    @Test
    void anUnknownStateIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunRecord.fromJson(stored("paused")));
        assertTrue(e.getMessage().startsWith("not a run record: unknown run state 'paused'"), e.getMessage());
    }
}
