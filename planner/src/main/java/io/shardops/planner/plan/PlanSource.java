package io.shardops.planner.plan;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a plan was computed from.
 *
 * @param kind             {@code topology} (read from etcd) or {@code spec} ({@code --from SPEC})
 * @param spec             the spec path for {@code spec}, else empty
 * @param specHash         hash of that spec, or empty
 * @param commit           its Git commit if known, or empty
 * @param topologyRevision the etcd revision read (0 for {@code spec})
 * @param modRevisions     the mod revision of each key read, sorted by key
 */
public record PlanSource(String kind, String spec, String specHash, String commit, long topologyRevision, Map<String, Long> modRevisions) {
    public static final String TOPOLOGY = "topology";
    public static final String SPEC = "spec";

    public PlanSource {
        spec = spec == null ? "" : spec;
        specHash = specHash == null ? "" : specHash;
        commit = commit == null ? "" : commit;
        modRevisions = Collections.unmodifiableMap(new TreeMap<>(modRevisions));
    }

    public static PlanSource ofSpec(String spec, String specHash) {
        return new PlanSource(SPEC, spec, specHash, "", 0, Map.of());
    }

    public static PlanSource ofTopology(long revision, Map<String, Long> modRevisions) {
        return new PlanSource(TOPOLOGY, "", "", "", revision, modRevisions);
    }
}
