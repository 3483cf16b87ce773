package io.shardops.spec;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code policy.lint}: the level of each lint code the spec sets; a code it does not name keeps its default.
 * An {@code error} finding stops {@code apply} and fails {@code preview}; a {@code warning} is shown; {@code off}
 * is not reported.
 */
public record LintPolicy(Map<LintCode, Level> levels) {
    public static final LintPolicy DEFAULTS = new LintPolicy(Map.of());

    /** What a spec may set a code to. */
    public enum Level {
        ERROR,
        WARNING,
        OFF;

        public static Optional<Level> of(String word) {
            return switch (word) {
                case "error" -> Optional.of(ERROR);
                case "warning" -> Optional.of(WARNING);
                case "off" -> Optional.of(OFF);
                default -> Optional.empty();
            };
        }
    }

    public LintPolicy {
        EnumMap<LintCode, Level> copy = new EnumMap<>(LintCode.class);
        copy.putAll(levels);
        levels = Collections.unmodifiableMap(copy);
    }

    /** The severity a finding of {@code code} is reported at, or empty when the spec turned it off. */
    public Optional<Severity> severity(LintCode code) {
        return switch (levels.getOrDefault(code, code.defaultSeverity() == Severity.ERROR ? Level.ERROR : Level.WARNING)) {
            case ERROR -> Optional.of(Severity.ERROR);
            case WARNING -> Optional.of(Severity.WARNING);
            case OFF -> Optional.empty();
        };
    }
}
