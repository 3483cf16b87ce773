package io.shardops.spec.load;

import io.shardops.spec.Cluster;
import io.shardops.spec.Problem;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of loading one cluster spec: the model, or every problem found.
 * {@link #files()} names the files that made up the spec, as messages name them.
 */
public sealed interface LoadResult permits LoadResult.Valid, LoadResult.Invalid {
    List<String> files();

    List<Problem> problems();

    default boolean isValid() {
        return cluster().isPresent();
    }

    default Optional<Cluster> cluster() {
        return switch (this) {
            case Valid v -> Optional.of(v.model());
            case Invalid i -> Optional.empty();
        };
    }

    /** The cluster, or a {@link SpecException} that carries the problems (for callers that cannot go on without it). */
    default Cluster orThrow() {
        return switch (this) {
            case Valid v -> v.model();
            case Invalid i -> throw new SpecException(i.problems());
        };
    }

    record Valid(Cluster model, List<String> files) implements LoadResult {
        public Valid {
            files = List.copyOf(files);
        }

        @Override
        public List<Problem> problems() {
            return List.of();
        }
    }

    record Invalid(List<Problem> problems, List<String> files) implements LoadResult {
        public Invalid {
            problems = List.copyOf(problems);
            files = List.copyOf(files);
        }
    }
}
