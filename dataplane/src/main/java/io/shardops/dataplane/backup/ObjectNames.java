package io.shardops.dataplane.backup;

import java.util.regex.Pattern;

/**
 * The names a {@link BackupLocation} accepts: {@code /}-separated segments of letters, digits, {@code . _ -},
 * no segment empty, {@code .} or {@code ..} or starting with a dot (dot names are the locations' own temporary
 * files), at most 512 characters. Keyspace and shard names ({@code -80}, {@code 80-}) fit as they are.
 */
public final class ObjectNames {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");
    static final int MAX_LENGTH = 512;

    private ObjectNames() {}

    /** {@code name} itself when valid; otherwise an {@link IllegalArgumentException} naming the problem. */
    public static String check(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a backup object name must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "backup object name longer than " + MAX_LENGTH + " characters: '" + name.substring(0, 40) + "...'");
        }
        for (String segment : name.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("backup object name '" + name + "' has an invalid segment '" + segment
                        + "': use letters, digits, '.', '_' and '-', not starting with '.'");
            }
        }
        return name;
    }

    /** A list prefix: empty, or a valid name optionally ending with {@code /}. */
    public static String checkPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        check(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        return prefix;
    }
}
