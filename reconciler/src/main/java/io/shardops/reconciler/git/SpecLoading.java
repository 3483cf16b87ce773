package io.shardops.reconciler.git;

import io.shardops.spec.Cluster;
import io.shardops.spec.Problem;
import io.shardops.spec.SourceLocation;
import java.nio.file.Path;
import java.util.List;

/** The one place that calls the spec module's loader, so its API is adapted here only. */
final class SpecLoading {
    private SpecLoading() {}

    record Result(Cluster cluster, List<Problem> problems) {}

    static Result load(Path spec) {
        // Placeholder until io.shardops.spec.load.SpecLoader lands.
        return new Result(null, List.of(Problem.at(new SourceLocation(spec.toString(), 1, 1), "internal.no-loader",
                "the spec loader is not built yet", "")));
    }
}
