package io.shardops.reconciler.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Whether a saved plan still describes the live topology: compares the mod revisions the plan read
 * with those of now. Pure; the caller reads both.
 */
public final class Staleness {
    private Staleness() {}

    /** One key that moved since the plan read it. {@code then} or {@code now} is 0 when the key did not exist. */
    public record KeyChange(String key, long then, long now) {
        public String describe() {
            if (then == 0) {
                return "key " + key + " was created at revision " + now;
            }
            if (now == 0) {
                return "key " + key + " at revision " + then + " was deleted";
            }
            return "key " + key + " at revision " + then + ", now " + now;
        }
    }

    /** The keys whose mod revision differs, including keys created or deleted since; in key order. */
    public static List<KeyChange> changes(Map<String, Long> planned, Map<String, Long> live) {
        List<KeyChange> out = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(planned.keySet());
        keys.addAll(live.keySet());
        for (String k : keys) {
            long then = planned.getOrDefault(k, 0L);
            long now = live.getOrDefault(k, 0L);
            if (then != now) {
                out.add(new KeyChange(k, then, now));
            }
        }
        return out;
    }

    /** The refusal a person reads, terraform's wording; names the first change and counts the rest. */
    public static String refusal(List<KeyChange> changes) {
        String first = changes.get(0).describe();
        String more = changes.size() == 1 ? "" : "; and " + (changes.size() - 1) + " more " + (changes.size() == 2 ? "change" : "changes");
        return "Saved plan is stale: the live topology changed since this plan was made (" + first + more + "). Run shardops plan again.";
    }
}
