package io.shardops.reconciler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MysqldRestartWatchTest {
    @Test
    void anUptimeThatWentBackIsARestart() {
        assertTrue(MysqldRestartWatch.restarted(100, 3, -1));
        assertFalse(MysqldRestartWatch.restarted(100, 101, -1));
        assertFalse(MysqldRestartWatch.restarted(-1, 3, -1), "the first answer is only a baseline");
    }

    @Test
    void aServerAwayLongerThanItHasBeenUpStartedWhileAway() {
        assertTrue(MysqldRestartWatch.restarted(2, 3, 5), "down 5 s, up 3 s: started while away, though its uptime grew");
        assertFalse(MysqldRestartWatch.restarted(100, 120, 5), "a connection that failed for a moment is no restart");
    }

    @Test
    void theRestartIsReportedOnceAndAnUnansweredLookIsNone() {
        Deque<OptionalLong> answers = new ArrayDeque<>(List.of(OptionalLong.of(50), OptionalLong.empty(), OptionalLong.of(51),
                OptionalLong.of(2), OptionalLong.of(1)));
        AtomicInteger fired = new AtomicInteger();
        MysqldRestartWatch w = new MysqldRestartWatch(answers::poll, fired::incrementAndGet);
        assertFalse(w.check());
        assertFalse(w.check());
        assertFalse(w.check());
        assertTrue(w.check());
        assertFalse(w.check(), "once");
        assertEquals(1, fired.get());
        w.close();
    }
}
