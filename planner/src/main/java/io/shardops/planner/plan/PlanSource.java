package io.shardops.planner.plan;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a plan was computed from.
 *
 * @param kind             read from etcd, or the state another spec describes ({@code --from SPEC})
 * @param spec             the spec path for {@code spec}, else empty
 * @param specHash         hash of that spec, or empty
 * @param commit           its Git commit if known, or empty
 * @param topologyRevision the etcd revision read (0 for {@code spec})
 * @param modRevisions     the mod revision of each key read, sorted by key
 */
public record PlanSource(Kind kind, String spec, String specHash, String commit, long topologyRevision, Map<String, Long> modRevisions) {
    /** What a plan was computed against; in a plan file as its {@link #word()}, as it always was. */
    public enum Kind {
        /** The live topology read from etcd: the plan can be applied. */
        TOPOLOGY("topology"),
        /** The state another spec describes ({@code --from SPEC}): the plan is for reading only. */
        SPEC("spec");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        public static Optional<Kind> fromWord(String word) {
            for (Kind k : values()) {
                if (k.word.equals(word)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    public PlanSource {
        spec = spec == null ? "" : spec;
        specHash = specHash == null ? "" : specHash;
        commit = commit == null ? "" : commit;
        modRevisions = Collections.unmodifiableMap(new TreeMap<>(modRevisions));
    }

    public static PlanSource ofSpec(String spec, String specHash) {
        return new PlanSource(Kind.SPEC, spec, specHash, "", 0, Map.of());
    }

    public static PlanSource ofTopology(long revision, Map<String, Long> modRevisions) {
        return new PlanSource(Kind.TOPOLOGY, "", "", "", revision, modRevisions);
    }
}
