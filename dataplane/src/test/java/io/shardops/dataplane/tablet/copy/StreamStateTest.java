package io.shardops.dataplane.tablet.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardops.dataplane.tablet.StreamStatus;
import org.junit.jupiter.api.Test;

/** A stream's state: typed in the code, spelled as before in {@code _shardops.stream.state} and the tablet manager's JSON. */
class StreamStateTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theStoredWordsReadAsTheirStates() {
        assertEquals(StreamState.COPYING, StreamState.of("copying"));
        assertEquals(StreamState.RUNNING, StreamState.of("running"));
        assertEquals(StreamState.STOPPED, StreamState.of("stopped"));
        assertEquals(StreamState.ERROR, StreamState.of("error"));
    }

    @Test
    void anUnknownWordIsRefusedNamingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StreamState.of("paused"));
        assertEquals("unknown stream state 'paused'; expected one of copying, running, stopped, error", e.getMessage());
    }

    @Test
    void onlyCopyingAndRunningStreamsResumeAfterATabletRestart() {
        assertTrue(StreamState.COPYING.resumable());
        assertTrue(StreamState.RUNNING.resumable());
        assertFalse(StreamState.STOPPED.resumable());
        assertFalse(StreamState.ERROR.resumable());
    }

    @Test
    void theTabletManagersJsonIsSpelledAsBefore() throws Exception {
        String old = "{\"workflow\":\"reshard.-80\",\"state\":\"running\",\"position\":\"0-101-9\",\"rowsCopied\":5,"
                + "\"rowsToCopy\":5,\"lagSeconds\":0,\"message\":\"\"}";
        StreamStatus s = JSON.readValue(old, StreamStatus.class);
        assertEquals(StreamState.RUNNING, s.state());
        assertEquals(old, JSON.writeValueAsString(s));
    }
}
