package io.shardops.reconciler.git;

import io.shardops.spec.Cluster;
import io.shardops.spec.Problem;
import java.util.List;
import java.util.Optional;

/**
 * The spec at a commit after loading and validation: a cluster, or the problems that make the commit
 * unusable, each naming its repo-relative {@code path:line:col}.
 */
public record LoadedSpec(CommitInfo commit, String specPath, Optional<Cluster> cluster, List<Problem> problems) {
    public LoadedSpec {
        problems = List.copyOf(problems);
        if (cluster.isPresent() != problems.isEmpty()) {
            throw new IllegalArgumentException("a loaded spec holds either a cluster or problems");
        }
    }

    public boolean valid() {
        return cluster.isPresent();
    }

    /** Each problem as {@code FILE:LINE:COL: error: MESSAGE}, hint on an indented line. */
    public List<String> errors() {
        return problems.stream().map(Problem::render).toList();
    }
}
