package io.shardops.reconciler.failover;

import java.util.Map;

/**
 * One change of a shard's primary, or one former primary handled, as recorded in the topology and shown by
 * {@code shardops status}.
 *
 * @param at         when it ended (ISO-8601)
 * @param kind       {@code emergency} (the primary was gone), {@code planned} ({@code shardops reparent}),
 *                   {@code rejoined} (a former primary became a replica), {@code needs-rebuild} (kept out),
 *                   {@code lost} (a tablet whose manager stayed silent past the monitor's lost-after time, its host
 *                   taken for gone: put on the needs-rebuild list for the next apply to replace; {@code oldPrimary}
 *                   is that tablet, {@code newPrimary} the shard's primary, unchanged) or
 *                   {@code rebuilt} (a kept-out tablet replaced by a fresh one: {@code oldPrimary} is the tablet
 *                   replaced, {@code newPrimary} the primary its replacement replicates from)
 * @param reason     why, for people
 * @param oldPrimary the tablet that was primary
 * @param newPrimary the tablet that is primary now
 * @param term       the shard's term after it
 * @param positions  GTID positions that decided it, by tablet alias
 * @param millis     how long it took, from the decision to the topology naming the new primary
 */
public record FailoverEvent(String at, String kind, String reason, String oldPrimary, String newPrimary, long term,
                            Map<String, String> positions, long millis) {
    public FailoverEvent {
        positions = positions == null ? Map.of() : Map.copyOf(positions);
    }

    /** One line for logs and status. */
    public String line() {
        return at + " " + kind + " " + oldPrimary + " -> " + newPrimary + " (term " + term + ", " + millis + " ms): " + reason;
    }
}
