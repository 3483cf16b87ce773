package io.shardops.reconciler.gitops.watch;

import io.shardops.planner.plan.PlanSource;
import io.shardops.planner.plan.PlanTarget;
import io.shardops.spec.Cluster;
import io.shardops.spec.Problem;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The spec at a commit after loading and validation: a cluster, or the problems that make the commit
 * unusable, each naming its repo-relative {@code path:line:col}.
 *
 * @param specHash {@code sha256:} over the repo-relative paths and contents of the files read
 */
public record LoadedSpec(CommitInfo commit, String specPath, String specHash, Optional<Cluster> cluster, List<Problem> problems) {
    public LoadedSpec {
        problems = List.copyOf(problems);
        if (cluster.isPresent() != problems.isEmpty()) {
            throw new IllegalArgumentException("a loaded spec holds either a cluster or problems");
        }
    }

    /** The plan's view of this spec as where a plan starts ({@code --from}): the spec at this commit. */
    public PlanSource asSource() {
        return new PlanSource(PlanSource.Kind.SPEC, specPath.isEmpty() ? "." : specPath, specHash, commit.id(), 0, Map.of());
    }

    /** The plan's view of this spec as where a plan leads. */
    public PlanTarget asTarget() {
        return new PlanTarget(cluster.orElseThrow().name(), specPath.isEmpty() ? "." : specPath, specHash, commit.id());
    }

    public boolean valid() {
        return cluster.isPresent();
    }

    /** Each problem as {@code FILE:LINE:COL: error: MESSAGE}, hint on an indented line. */
    public List<String> errors() {
        return problems.stream().map(Problem::render).toList();
    }
}
