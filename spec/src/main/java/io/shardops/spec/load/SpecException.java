package io.shardops.spec.load;

import io.shardops.spec.Problem;
import java.util.List;
import java.util.stream.Collectors;

/** A spec that cannot be used; the message lists every problem as {@code FILE:LINE:COL: error: ...}. */
public final class SpecException extends RuntimeException {
    private final transient List<Problem> problems;

    public SpecException(List<Problem> problems) {
        super(problems.stream().map(Problem::render).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
