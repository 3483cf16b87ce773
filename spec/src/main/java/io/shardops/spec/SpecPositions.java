package io.shardops.spec;

import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Where the parts of a loaded spec were written, so a check that runs after loading (the planner's refusals, the
 * change review) can point at the spec line a finding comes from. Keys are the paths of
 * {@code io.shardops.spec.validate.SpecLocations}; a value compared as a whole, so two loads of the same files are equal.
 *
 * @param byKey    position of each part
 * @param fallback the spec's own position, for a part that was not written (a default)
 */
public record SpecPositions(Map<String, SourceLocation> byKey, SourceLocation fallback) {
    public static final SpecPositions NONE = new SpecPositions(Map.of(), SourceLocation.UNKNOWN);

    public SpecPositions {
        byKey = Map.copyOf(byKey);
        fallback = fallback == null ? SourceLocation.UNKNOWN : fallback;
    }

    /** The same positions with each file name mapped (a spec loaded from a temporary checkout, named back by its repository path). */
    public SpecPositions withFiles(UnaryOperator<String> rename) {
        Map<String, SourceLocation> out = new HashMap<>();
        byKey.forEach((k, at) -> out.put(k, new SourceLocation(rename.apply(at.file()), at.line(), at.column())));
        return new SpecPositions(out, new SourceLocation(rename.apply(fallback.file()), fallback.line(), fallback.column()));
    }

    /** The position of the first key that is known, else the spec's own position. */
    public SourceLocation get(String... keys) {
        for (String k : keys) {
            SourceLocation at = byKey.get(k);
            if (at != null) {
                return at;
            }
        }
        return fallback;
    }
}
