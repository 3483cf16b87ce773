package io.shardops.spec;

import io.shardops.spec.text.Printable;

/**
 * One thing wrong with a spec, as a user reads it.
 *
 * @param location where (file, 1-based line and column)
 * @param code     a stable identifier of the rule, e.g. {@code yaml.duplicate-key}, {@code shards.gap}
 * @param message  what is wrong, one line
 * @param hint     what to do about it, one line; empty when the message says it all
 */
public record Problem(SourceLocation location, String code, String message, String hint) {
    public Problem {
        hint = hint == null ? "" : hint;
    }

    public static Problem at(SourceLocation location, String code, String message, String hint) {
        return new Problem(location, code, message, hint);
    }

    /**
     * {@code FILE:LINE:COL: error: MESSAGE}, then an indented {@code hint:} line when there is a hint.
     * The one place problems become text: control characters a spec smuggled into a name, a path or a
     * message are printed escaped ({@code \x1b}), never raw to a terminal, a log or a pull request.
     */
    public String render() {
        String head = Printable.escape(location.toString()) + ": error: " + Printable.escape(message);
        return hint.isEmpty() ? head : head + "\n    hint: " + Printable.escape(hint);
    }
}
