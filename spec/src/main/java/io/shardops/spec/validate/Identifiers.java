package io.shardops.spec.validate;

import io.shardops.spec.text.Printable;
import java.util.Optional;

/**
 * What a name in a spec may be when it becomes a MySQL identifier (keyspace, table, column, index,
 * sequence, vindex column) or a MySQL user name.
 *
 * <p>MySQL's own rules: at most 64 characters (user names 32), no NUL, no trailing space. On top,
 * as a project rule, only ASCII letters, digits, {@code _} and {@code $}, and not digits alone. A
 * quoted MySQL identifier may hold nearly anything, so a name such as
 * {@code note int, drop column description -- } would be legal there; keeping names to this set means
 * a name in a spec is never also SQL, whatever code later writes it into a statement (which quotes it
 * through {@code io.shardops.spec.sql.Sql} all the same).
 */
public final class Identifiers {
    public static final int MAX_LENGTH = 64;
    public static final int MAX_USER_LENGTH = 32;
    public static final String RULE = "a name is 1 to " + MAX_LENGTH + " characters: ASCII letters, digits, '_' or '$', not digits alone";
    public static final String USER_RULE = "a user name is 1 to " + MAX_USER_LENGTH + " characters: ASCII letters, digits, '_' or '$'";

    private Identifiers() {}

    /** Why {@code name} is not a usable identifier ({@code what} says of what, e.g. "column"), or empty. */
    public static Optional<String> problem(String what, String name) {
        return check(what, name, MAX_LENGTH, true);
    }

    /** Why {@code name} is not a usable MySQL user name, or empty. */
    public static Optional<String> userNameProblem(String name) {
        return check("user name", name, MAX_USER_LENGTH, false);
    }

    private static Optional<String> check(String what, String name, int max, boolean notDigitsAlone) {
        String shown = what + " '" + Printable.excerpt(name) + "'";
        if (name == null || name.isEmpty()) {
            return Optional.of(what + " is empty");
        }
        if (name.indexOf('\0') >= 0) {
            return Optional.of(shown + " contains a NUL character");
        }
        if (name.length() > max) {
            return Optional.of(shown + " is " + name.length() + " characters long; MySQL allows at most " + max);
        }
        if (name.endsWith(" ")) {
            return Optional.of(shown + " ends with a space, which MySQL does not allow");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$')) {
                return Optional.of(shown + " contains " + describe(c) + ", which names in a spec may not hold");
            }
        }
        if (notDigitsAlone && name.chars().allMatch(Character::isDigit)) {
            return Optional.of(shown + " is digits alone, which MySQL reads as a number");
        }
        return Optional.empty();
    }

    private static String describe(char c) {
        if (c == ' ') {
            return "a space";
        }
        if (c < 0x20 || c == 0x7f || c >= 0x80 && c <= 0x9f) {
            return String.format("the control character \\x%02x", (int) c);
        }
        if (c == '`' || c == '\'' || c == '"') {
            return "a quote (" + c + ")";
        }
        return c < 0x7f ? "'" + c + "'" : String.format("the character U+%04X", (int) c);
    }
}
