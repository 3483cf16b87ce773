package io.shardops.dataplane.mysql;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * Splits a byte stream into MySQL packets (3-byte little-endian length, 1-byte sequence id,
 * payload), joining a payload split over several 16 MB - 1 packets. A logical payload larger than
 * {@code maxPacketSize} is refused before it is buffered, so an untrusted peer cannot make us hold
 * unbounded memory. A packet that does not arrive in one read, and is larger than
 * {@link #reserveAbove}, is announced to the listener ({@link Listener#reserve}) before its body is
 * collected, so a server can hold all connections' large packets under one memory budget.
 *
 * <p>{@link #handle} calls the listener once per complete logical packet, then
 * {@link Listener#endOfChunk()} once, so a forwarder can batch its writes per network read.
 */
public final class PacketFramer implements Handler<Buffer> {
    public static final int MAX_PAYLOAD_PER_PACKET = 0xffffff;
    public static final int HEADER_SIZE = 4;

    /** Receives framed packets. */
    public interface Listener {
        /** One whole packet; {@code sequenceId} is the id of its last physical packet. */
        void packet(int sequenceId, Buffer payload);

        /** Called after the packets of one network read were delivered. */
        default void endOfChunk() {}

        /** The stream broke the protocol; no more packets follow. */
        void malformed(String reason);

        /**
         * A packet of {@code bytes} (header included) is being assembled: reserve them and return true,
         * or return false and call {@link #granted} once they are reserved.
         */
        default boolean reserve(int bytes) {
            return true;
        }

        /** Bytes reserved for a packet that has been delivered (or dropped) are free again. */
        default void release(long bytes) {}
    }

    private final Listener listener;
    private int maxPacketSize;
    private int reserveAbove;        // packets of at most this many bytes (header included) are never announced
    private long reserved;           // reserved for the logical packet being assembled
    private boolean currentReserved; // the physical packet at pendingStart is covered by {@code reserved}
    private boolean awaitingGrant;
    private Buffer pending = Buffer.buffer();
    private int pendingStart;
    private Buffer partial;  // payload of a split packet, collected so far
    private boolean failed;
    private boolean paused;
    private boolean draining;

    public PacketFramer(int maxPacketSize, Listener listener) {
        this.listener = listener;
        this.maxPacketSize = maxPacketSize;
    }

    @Override
    public void handle(Buffer chunk) {
        if (failed) {
            return;
        }
        if (pendingStart == pending.length()) {
            pending = chunk;
            pendingStart = 0;
        } else {
            pending = pending.getBuffer(pendingStart, pending.length()).appendBuffer(chunk);
            pendingStart = 0;
        }
        drain();
    }

    /** Stops delivering packets (already buffered ones stay) until {@link #resume()}. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        if (paused) {
            paused = false;
            if (!failed) {
                drain();
            }
        }
    }

    public boolean isPaused() {
        return paused;
    }

    /** Packets larger than {@code size} are refused from now on (e.g. more once a client has logged in). */
    public void maxPacketSize(int size) {
        this.maxPacketSize = size;
    }

    /**
     * Packets of at most {@code bytes} (header included) are assembled without asking the listener
     * for a reservation, so they never wait behind others' large packets; the caller bounds what they
     * hold (one such packet per connection). 0, the default, announces every packet that spans reads.
     */
    public void reserveAbove(int bytes) {
        this.reserveAbove = bytes;
    }

    /** The reservation {@link Listener#reserve} asked for is in place. */
    public void granted(int bytes) {
        awaitingGrant = false;
        reserved += bytes;
        currentReserved = true;
    }

    /** True while part of a split packet (16 MiB - 1 bytes and more) is held. */
    public boolean holdsPartial() {
        return partial != null;
    }

    /** Stops for good and returns the reservation still held, for the caller to release. */
    public long close() {
        failed = true;
        long r = reserved;
        reserved = 0;
        partial = null;
        pending = Buffer.buffer();
        pendingStart = 0;
        return r;
    }

    /** Removes and returns the bytes received after the packets delivered so far (the start of a TLS handshake). */
    public Buffer takeRemaining() {
        Buffer rest = pending.getBuffer(pendingStart, pending.length());
        pending = Buffer.buffer();
        pendingStart = 0;
        return rest;
    }

    /** Bytes received but not yet delivered as packets. */
    public int buffered() {
        return pending.length() - pendingStart + (partial == null ? 0 : partial.length());
    }

    private void drain() {
        if (draining) {
            return;  // a listener resumed us from inside packet(): the running loop continues
        }
        draining = true;
        try {
            drainLoop();
        } finally {
            draining = false;
        }
    }

    private void drainLoop() {
        boolean delivered = false;
        int len;
        while (!paused && !failed && (len = pending.length()) - pendingStart >= HEADER_SIZE) {
            int size = pending.getUnsignedMediumLE(pendingStart);
            int seq = pending.getUnsignedByte(pendingStart + 3);
            int collected = partial == null ? 0 : partial.length();
            if ((long) collected + size > maxPacketSize) {
                failed = true;
                listener.malformed("packet of at least " + (collected + (long) size) + " bytes exceeds the limit of " + maxPacketSize);
                return;
            }
            if (len - pendingStart < HEADER_SIZE + size) {
                if (!currentReserved && !awaitingGrant && HEADER_SIZE + size > reserveAbove) {
                    if (listener.reserve(HEADER_SIZE + size)) {
                        granted(HEADER_SIZE + size);
                    } else {
                        awaitingGrant = true;
                    }
                }
                break;
            }
            Buffer payload = pending.slice(pendingStart + HEADER_SIZE, pendingStart + HEADER_SIZE + size);
            pendingStart += HEADER_SIZE + size;
            currentReserved = false;
            if (size == MAX_PAYLOAD_PER_PACKET) {
                partial = (partial == null ? Buffer.buffer(size * 2) : partial).appendBuffer(payload);
                continue;
            }
            if (partial != null) {
                payload = partial.appendBuffer(payload);
                partial = null;
            }
            delivered = true;
            long held = reserved;
            reserved = 0;
            try {
                listener.packet(seq, payload);
            } finally {
                listener.release(held);
            }
        }
        if (pendingStart == pending.length()) {
            pending = Buffer.buffer();
            pendingStart = 0;
        }
        if (delivered && !failed) {
            listener.endOfChunk();
        }
    }

    /**
     * Appends {@code payload} framed as packets starting at {@code sequenceId}, splitting payloads of
     * 16 MB - 1 or more as the protocol requires; returns the next sequence id.
     */
    public static int frame(Buffer out, int sequenceId, Buffer payload) {
        int offset = 0;
        int remaining = payload.length();
        while (true) {
            int n = Math.min(remaining, MAX_PAYLOAD_PER_PACKET);
            out.appendMediumLE(n).appendByte((byte) sequenceId);
            out.appendBuffer(payload, offset, n);
            sequenceId = (sequenceId + 1) & 0xff;
            offset += n;
            remaining -= n;
            if (n < MAX_PAYLOAD_PER_PACKET) {
                return sequenceId;
            }
        }
    }
}
