package io.shardops.dataplane.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pure parts of the connection limits: backoff arithmetic, the packet budget, the framer's reservations. */
class ConnectionLimitsTest {

    @Test
    void failedLoginsAreFreeUpToTheAllowanceThenBlockDoublingUpToTheCap() {
        AtomicLong now = new AtomicLong(0);
        LoginThrottle t = new LoginThrottle(new ConnectionLimits.FailedLogins(2, Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofMinutes(10)), now::get);
        assertEquals(Duration.ZERO, t.failed("10.0.0.1"));
        assertEquals(Duration.ZERO, t.failed("10.0.0.1"));
        assertEquals(Duration.ofSeconds(1), t.failed("10.0.0.1"));
        assertEquals(Duration.ofSeconds(2), t.failed("10.0.0.1"));
        assertEquals(Duration.ofSeconds(4), t.failed("10.0.0.1"));
        assertEquals(Duration.ofSeconds(5), t.failed("10.0.0.1"));
        for (int i = 0; i < 100; i++) {
            assertEquals(Duration.ofSeconds(5), t.failed("10.0.0.1"), "capped, no overflow");
        }
        assertEquals(Duration.ofSeconds(5), t.blockedFor("10.0.0.1"));
        assertEquals(Duration.ZERO, t.blockedFor("10.0.0.2"), "other addresses are not blocked");
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertEquals(Duration.ZERO, t.blockedFor("10.0.0.1"), "the block ends");
        t.succeeded("10.0.0.1");
        assertEquals(0, t.failures("10.0.0.1"));
    }

    @Test
    void failuresAreForgottenAfterAQuietPeriod() {
        AtomicLong now = new AtomicLong(0);
        LoginThrottle t = new LoginThrottle(new ConnectionLimits.FailedLogins(1, Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofMinutes(1)), now::get);
        t.failed("a");
        now.addAndGet(Duration.ofMinutes(2).toNanos());
        assertEquals(Duration.ZERO, t.failed("a"), "counting starts again");
    }

    @Test
    void theBudgetGrantsWaitersInOrderWhenBytesAreReleased() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            var ctx = vertx.getOrCreateContext();
            PacketBudget b = new PacketBudget(100);
            List<String> granted = new ArrayList<>();
            CountDownLatch two = new CountDownLatch(2);
            assertNull(b.reserve(60, ctx, () -> { }));
            assertNotNull(b.reserve(50, ctx, () -> { granted.add("first"); two.countDown(); }));
            assertNotNull(b.reserve(10, ctx, () -> { granted.add("second"); two.countDown(); }),
                    "a small request does not overtake a waiting one");
            PacketBudget.Wait cancelled = b.reserve(30, ctx, () -> granted.add("cancelled"));
            cancelled.cancel();
            assertEquals(2, b.waiting());
            b.release(60);
            assertTrue(two.await(5, TimeUnit.SECONDS));
            assertEquals(List.of("first", "second"), granted);
            assertEquals(60, b.used());
            assertTrue(b.peak() <= 100);
        } finally {
            vertx.close().await(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void theFramerReservesAPacketThatSpansReadsAndReleasesItOnDelivery() {
        List<Integer> reserved = new ArrayList<>();
        List<Long> released = new ArrayList<>();
        List<Buffer> packets = new ArrayList<>();
        boolean[] grant = {false};
        PacketFramer[] framer = new PacketFramer[1];
        framer[0] = new PacketFramer(1 << 20, new PacketFramer.Listener() {
            @Override
            public void packet(int sequenceId, Buffer payload) {
                packets.add(payload);
            }

            @Override
            public void malformed(String reason) {
                throw new AssertionError(reason);
            }

            @Override
            public boolean reserve(int bytes) {
                reserved.add(bytes);
                return grant[0];
            }

            @Override
            public void release(long bytes) {
                released.add(bytes);
            }
        });
        Buffer whole = Buffer.buffer();
        PacketFramer.frame(whole, 0, Buffer.buffer(new byte[1000]));
        framer[0].handle(whole.getBuffer(0, 100));
        framer[0].handle(whole.getBuffer(100, 200));
        assertEquals(List.of(1004), reserved, "asked once, refused: the caller grants later");
        framer[0].granted(1004);
        framer[0].handle(whole.getBuffer(200, whole.length()));
        assertEquals(1, packets.size());
        assertEquals(List.of(1004L), released);

        // a packet that arrives in one read needs no reservation
        Buffer small = Buffer.buffer();
        PacketFramer.frame(small, 0, Buffer.buffer("select 1"));
        framer[0].handle(small);
        assertEquals(2, packets.size());
        assertEquals(1, reserved.size());
    }

    @Test
    void aPacketUpToTheSmallSizeSpanningReadsIsNeverReservedALargerOneIs() {
        List<Integer> reserved = new ArrayList<>();
        List<Integer> delivered = new ArrayList<>();
        PacketFramer framer = new PacketFramer(1 << 20, new PacketFramer.Listener() {
            @Override
            public void packet(int sequenceId, Buffer payload) {
                delivered.add(payload.length());
            }

            @Override
            public void malformed(String reason) {
                throw new AssertionError(reason);
            }

            @Override
            public boolean reserve(int bytes) {
                reserved.add(bytes);
                return false;  // the budget is spent: whoever asks waits
            }
        });
        framer.reserveAbove(PacketFramer.HEADER_SIZE + 1000);
        Buffer small = Buffer.buffer();
        PacketFramer.frame(small, 0, Buffer.buffer(new byte[1000]));
        framer.handle(small.getBuffer(0, PacketFramer.HEADER_SIZE));  // the header alone, as a slow network reads it
        framer.handle(small.getBuffer(PacketFramer.HEADER_SIZE, small.length()));
        assertEquals(List.of(1000), delivered, "a small packet read in pieces is delivered without a reservation");
        assertEquals(List.of(), reserved);

        Buffer large = Buffer.buffer();
        PacketFramer.frame(large, 0, Buffer.buffer(new byte[1001]));
        framer.handle(large.getBuffer(0, 100));
        assertEquals(List.of(1005), reserved, "a larger one asks the budget first");
    }

    @Test
    void limitsRefuseValuesThatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> ConnectionLimits.DEFAULT.withMaxConnections(0));
        assertThrows(IllegalArgumentException.class, () -> ConnectionLimits.DEFAULT.withInFlightPacketBytes(1 << 20));
        assertThrows(IllegalArgumentException.class, () -> ConnectionLimits.DEFAULT.withIdleTimeout(Duration.ZERO));
        assertFalse(ConnectionLimits.DEFAULT.maxPacketBeforeLogin() > 64 * 1024, "before login: handshake-sized packets only");
    }
}
