package io.shardops.reconciler.gitops.preview;

import io.shardops.planner.diff.Planner;
import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.PlanResult;
import io.shardops.planner.plan.PlanSource;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.TopologyOf;
import io.shardops.reconciler.gitops.watch.CommitInfo;
import io.shardops.reconciler.gitops.watch.LoadedSpec;
import io.shardops.reconciler.gitops.watch.ReadLimits;
import io.shardops.reconciler.gitops.watch.SpecAtCommit;
import io.shardops.reconciler.gitops.watch.SpecRepository;
import io.shardops.spec.Problem;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The preview of a pull request: the plan from the spec at the base commit to the spec at the head
 * commit, as {@code plan --from} computes it (desired = head, live = the topology the base describes).
 *
 * @param base       the base commit
 * @param head       the head commit
 * @param specPath   the spec in the repository
 * @param plan       the plan, absent when the head is invalid or the planner refuses
 * @param headErrors the head spec's problems, {@code FILE:LINE:COL: error: ...} with repo-relative files
 * @param planErrors why the planner refuses, same form
 * @param baseNote   what a reader must know about the base side (absent or invalid there), or empty
 */
public record Preview(CommitInfo base, CommitInfo head, String specPath, Optional<Plan> plan,
        List<String> headErrors, List<String> planErrors, String baseNote) {

    public Preview {
        headErrors = List.copyOf(headErrors);
        planErrors = List.copyOf(planErrors);
    }

    /** True when there is a plan to show (it may be empty). */
    public boolean planned() {
        return plan.isPresent();
    }

    /** True when the plan's change review found an error: {@code apply} would refuse it, so the preview fails. */
    public boolean blocked() {
        return plan.map(p -> !p.blockingFindings().isEmpty()).orElse(false);
    }

    public static Preview of(SpecRepository repository, String baseRef, String headRef, String specPath, ReadLimits limits) {
        CommitInfo base = repository.resolve(baseRef);
        CommitInfo head = repository.resolve(headRef);
        LoadedSpec headSpec = SpecAtCommit.load(repository, head, specPath, limits);
        if (!headSpec.valid()) {
            return new Preview(base, head, headSpec.specPath(), Optional.empty(), headSpec.errors(), List.of(), "");
        }
        LoadedSpec baseSpec = SpecAtCommit.load(repository, base, specPath, limits);
        Topology live;
        PlanSource from;
        String baseNote = "";
        if (baseSpec.valid()) {
            live = TopologyOf.spec(baseSpec.cluster().orElseThrow());
            from = baseSpec.asSource();
        } else {
            live = Topology.empty(headSpec.cluster().orElseThrow().name());
            from = PlanSource.ofTopology(0, Map.of());
            boolean absent = baseSpec.problems().stream().allMatch(p -> p.code().equals("git.path-not-found"));
            baseNote = absent
                    ? "The spec does not exist at the base commit: planned against an empty cluster."
                    : "The spec at the base commit is invalid (" + baseSpec.problems().size()
                            + (baseSpec.problems().size() == 1 ? " error" : " errors") + "): planned against an empty cluster.";
        }
        PlanResult result = Planner.plan(headSpec.cluster().orElseThrow(), live, from, headSpec.asTarget());
        if (result.refused()) {
            return new Preview(base, head, headSpec.specPath(), Optional.empty(), List.of(),
                    result.errors().stream().map(Problem::render).toList(), baseNote);
        }
        return new Preview(base, head, headSpec.specPath(), Optional.of(result.plan()), List.of(), List.of(), baseNote);
    }
}
