package io.shardops.planner.plan;

/** The desired spec a plan leads to: cluster name, path, hash and commit (empty when unknown). */
public record PlanTarget(String cluster, String spec, String specHash, String commit) {
    public PlanTarget {
        spec = spec == null ? "" : spec;
        specHash = specHash == null ? "" : specHash;
        commit = commit == null ? "" : commit;
    }
}
