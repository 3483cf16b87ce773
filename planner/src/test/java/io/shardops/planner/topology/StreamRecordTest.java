package io.shardops.planner.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** A stream's state in a workflow record: typed in the code, spelled as it always was in etcd and in JSON output. */
class StreamRecordTest {
    static StreamRecord read(String stateText) {
        return StreamRecord.parse("0", "-80", "0-101-7", 12, stateText);
    }

    @Test
    void everyStateWrittenSoFarReadsBack() {
        assertEquals(StreamRecord.State.COPYING, read("copying").state());
        assertEquals(StreamRecord.State.RUNNING, read("running").state());
        assertEquals(StreamRecord.State.STOPPED, read("stopped").state());
        assertEquals(StreamRecord.State.ERROR, read("error").state());
        assertEquals(StreamRecord.State.STARTING, read("starting").state());
        assertEquals(StreamRecord.State.UNREACHABLE, read("unreachable").state());
    }

    @Test
    void aLaggingStreamReadsAsRunningWithItsLag() {
        StreamRecord r = read("running (lag 3 s)");
        assertEquals(StreamRecord.State.RUNNING, r.state());
        assertEquals(3, r.lagSeconds());
        assertEquals("running (lag 3 s)", r.stateText());
    }

    @Test
    void aMissingOrUnknownStateStillReads() {
        assertEquals(StreamRecord.State.UNKNOWN, read("").state());
        assertEquals(StreamRecord.State.UNKNOWN, read(null).state());
        assertEquals(StreamRecord.State.UNKNOWN, read("paused").state());
    }

    @Test
    void theTextIsWrittenAsBefore() {
        for (String text : new String[] {"copying", "running", "stopped", "error", "starting", "unreachable", "", "running (lag 42 s)"}) {
            assertEquals(text, read(text).stateText());
        }
    }

    @Test
    void jsonOutputKeepsItsFields() throws Exception {
        String json = new ObjectMapper().writeValueAsString(
                new StreamRecord("0", "-80", "0-101-7", 12, StreamRecord.State.RUNNING, 3));
        assertEquals("{\"sourceShard\":\"0\",\"targetShard\":\"-80\",\"position\":\"0-101-7\",\"rowsCopied\":12,\"state\":\"running (lag 3 s)\"}",
                json);
    }

    @Test
    void aCompletedMovesStreamKeepsWhatItCopiedAndReachedButNoLongerRuns() {
        StreamRecord done = new StreamRecord("0", "-80", "0-101-7", 12, StreamRecord.State.RUNNING, 3).stopped();
        assertEquals("stopped", done.stateText());
        assertEquals(12, done.rowsCopied());
        assertEquals("0-101-7", done.position());
    }
}
