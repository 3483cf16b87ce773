package io.shardops.spec;

import io.shardops.spec.text.Printable;

/**
 * One thing a user must read about a spec: a validation error, the planner's reason to refuse, or a lint
 * finding on a change. The one problem type of the project, from the spec loader to the planner.
 *
 * @param location where (file, 1-based line and column)
 * @param code     a stable identifier of the rule, e.g. {@code yaml.duplicate-key}, {@code half-done-move}, {@code column-dropped}
 * @param message  what is wrong, one line
 * @param hint     what to do about it, one line; empty when the message says it all
 * @param severity {@link Severity#ERROR} stops the command; {@link Severity#WARNING} is shown only
 */
public record Problem(SourceLocation location, String code, String message, String hint, Severity severity) {
    public Problem {
        location = location == null ? SourceLocation.UNKNOWN : location;
        hint = hint == null ? "" : hint;
        severity = severity == null ? Severity.ERROR : severity;
    }

    /** An error. */
    public Problem(SourceLocation location, String code, String message, String hint) {
        this(location, code, message, hint, Severity.ERROR);
    }

    /** An error at {@code location}. */
    public static Problem at(SourceLocation location, String code, String message, String hint) {
        return new Problem(location, code, message, hint, Severity.ERROR);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The same problem at another severity (a policy that turns a lint code into a warning). */
    public Problem withSeverity(Severity newSeverity) {
        return new Problem(location, code, message, hint, newSeverity);
    }

    /**
     * {@code FILE:LINE:COL: error: MESSAGE} (or {@code warning:}), then an indented {@code hint:} line when there
     * is a hint. The one place problems become text: control characters a spec smuggled into a name, a path or a
     * message are printed escaped ({@code \x1b}), never raw to a terminal, a log or a pull request.
     */
    public String render() {
        String head = Printable.escape(location.toString()) + ": " + severity.word() + ": " + Printable.escape(message);
        return hint.isEmpty() ? head : head + "\n    hint: " + Printable.escape(hint);
    }
}
