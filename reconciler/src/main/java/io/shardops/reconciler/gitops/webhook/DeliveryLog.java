package io.shardops.reconciler.gitops.webhook;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The webhook deliveries accepted within a window, so a captured delivery sent again is refused. A
 * delivery is known by its {@code X-GitHub-Delivery} id and by the digest of its body (the signature covers
 * only the body, so a replay under a fresh id is still the same signed body). Bounded: entries older than the window go,
 * and beyond {@code maxEntries} the oldest go first.
 */
final class DeliveryLog {
    static final Duration WINDOW = Duration.ofHours(1);
    static final int MAX_ENTRIES = 10_000;

    private final Duration window;
    private final int maxEntries;
    private final Clock clock;
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    DeliveryLog(Duration window, int maxEntries, Clock clock) {
        this.window = window;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    DeliveryLog() {
        this(WINDOW, MAX_ENTRIES, Clock.systemUTC());
    }

    Duration window() {
        return window;
    }

    /** Records the delivery and returns true, or returns false when any of its keys was seen within the window. */
    synchronized boolean firstTime(String... keys) {
        Instant now = clock.instant();
        Instant oldest = now.minus(window);
        Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator();
        while (it.hasNext() && it.next().getValue().isBefore(oldest)) {
            it.remove();
        }
        for (String k : keys) {
            if (seen.containsKey(k)) {
                return false;
            }
        }
        for (String k : keys) {
            seen.put(k, now);
        }
        while (seen.size() > maxEntries) {
            Iterator<String> first = seen.keySet().iterator();
            first.next();
            first.remove();
        }
        return true;
    }

    /** The SHA-256 of a body, in hex: the same signed body is the same delivery however its signature header is spelled. */
    static String digest(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    synchronized int size() {
        return seen.size();
    }
}
