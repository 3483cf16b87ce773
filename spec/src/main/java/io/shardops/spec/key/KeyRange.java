package io.shardops.spec.key;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A Vitess key range: start inclusive, end exclusive, both left-justified byte strings.
 * An empty start means "from the lowest keyspace id", an empty end "to past the highest".
 * Shard names are key ranges: {@code -80}, {@code 80-}, {@code 40-80}; {@code 0} and {@code -}
 * are the whole range.
 */
public record KeyRange(byte[] start, byte[] end) {
    public static final KeyRange FULL = new KeyRange(new byte[0], new byte[0]);
    private static final HexFormat HEX = HexFormat.of();

    public KeyRange {
        start = start.clone();
        end = end.clone();
    }

    @Override
    public byte[] start() {
        return start.clone();
    }

    @Override
    public byte[] end() {
        return end.clone();
    }

    /** Parses a shard name; empty when the name is not a valid key range (the reason from {@link #problem}). */
    public static Optional<KeyRange> parse(String shardName) {
        return problem(shardName).isPresent() ? Optional.empty() : Optional.of(parseValid(shardName));
    }

    /** Why a shard name is not a key range, or empty when it is one. */
    public static Optional<String> problem(String shardName) {
        if (shardName == null || shardName.isEmpty()) {
            return Optional.of("a shard name must not be empty");
        }
        if (shardName.equals("0") || shardName.equals("-")) {
            return Optional.empty();
        }
        int dash = shardName.indexOf('-');
        if (dash < 0 || shardName.indexOf('-', dash + 1) >= 0) {
            return Optional.of("shard name '" + shardName + "' is not a key range: use START-END in hex, like -80, 80- or 40-80, or 0 for the whole range");
        }
        String s = shardName.substring(0, dash);
        String e = shardName.substring(dash + 1);
        for (String part : List.of(s, e)) {
            if (!part.matches("[0-9a-f]*")) {
                return Optional.of("shard name '" + shardName + "' must use lowercase hexadecimal digits, like -80 or 80-c0");
            }
            if (part.length() % 2 != 0) {
                return Optional.of("shard name '" + shardName + "' has an odd number of hex digits in '" + part + "': write whole bytes, like 8 -> 80");
            }
        }
        if (!e.isEmpty() && compare(HEX.parseHex(s), HEX.parseHex(e)) >= 0) {
            return Optional.of("shard name '" + shardName + "' starts at or after its end");
        }
        return Optional.empty();
    }

    private static KeyRange parseValid(String shardName) {
        if (shardName.equals("0") || shardName.equals("-")) {
            return FULL;
        }
        int dash = shardName.indexOf('-');
        return new KeyRange(HEX.parseHex(shardName.substring(0, dash)), HEX.parseHex(shardName.substring(dash + 1)));
    }

    public boolean isFull() {
        return start.length == 0 && end.length == 0;
    }

    /** Whether a keyspace id falls in this range. */
    public boolean contains(byte[] keyspaceId) {
        return compare(start, keyspaceId) <= 0 && (end.length == 0 || compare(keyspaceId, end) < 0);
    }

    /** Whether the two ranges share at least one keyspace id. */
    public boolean intersects(KeyRange other) {
        boolean thisEndsAfterOtherStarts = end.length == 0 || compare(other.start, end) < 0;
        boolean otherEndsAfterThisStarts = other.end.length == 0 || compare(start, other.end) < 0;
        return thisEndsAfterOtherStarts && otherEndsAfterThisStarts;
    }

    /**
     * Compares left-justified byte strings as Vitess does: missing trailing bytes count as zero,
     * so {@code 80} equals {@code 8000}.
     */
    public static int compare(byte[] a, byte[] b) {
        int n = Math.max(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int x = i < a.length ? a[i] & 0xff : 0;
            int y = i < b.length ? b[i] & 0xff : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    /** The canonical form of the range as a shard name; the full range is written {@code -}. */
    public String name() {
        return HEX.formatHex(start) + "-" + HEX.formatHex(end);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyRange k && compare(start, k.start) == 0 && sameEnd(end, k.end);
    }

    private static boolean sameEnd(byte[] a, byte[] b) {
        return (a.length == 0) == (b.length == 0) && compare(a, b) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(trim(start)) * 31 + Arrays.hashCode(trim(end)) + (end.length == 0 ? 7 : 0);
    }

    private static byte[] trim(byte[] b) {
        int n = b.length;
        while (n > 0 && b[n - 1] == 0) {
            n--;
        }
        return Arrays.copyOf(b, n);
    }

    @Override
    public String toString() {
        return name();
    }
}
