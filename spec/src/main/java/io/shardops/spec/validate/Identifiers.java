package io.shardops.spec.validate;

import io.shardops.spec.text.Printable;
import java.util.Optional;
import java.util.regex.Pattern;

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
        return check(what, name, "", MAX_LENGTH, true);
    }

    /** As {@link #problem(String, String)}; {@code context} follows the name, e.g. " of table 'product'". */
    public static Optional<String> problem(String what, String name, String context) {
        return check(what, name, context, MAX_LENGTH, true);
    }

    /**
     * A column type as the parser normalised it ({@code varbinary(128)}, {@code enum('a','b')},
     * {@code int(11) unsigned}): type words, then numeric or string-literal arguments. Anything else
     * would be written verbatim into an ALTER, so it is refused.
     */
    public static final Pattern COLUMN_TYPE = Pattern.compile(
            "[a-z][a-z0-9_]*( [a-z][a-z0-9_]*)*(\\((\\d+(,\\d+)?|'([^'\\\\]|'')*'(,'([^'\\\\]|'')*')*)\\))?( unsigned)?( zerofill)?");

    /**
     * A DEFAULT as written: a number, a string literal, NULL, TRUE/FALSE, CURRENT_TIMESTAMP, or a
     * parenthesised expression with no quote of an identifier, statement separator or comment in it.
     */
    public static final Pattern COLUMN_DEFAULT = Pattern.compile(
            "(?i)null|true|false|current_timestamp(\\(\\d?\\))?|[+-]?\\d+(\\.\\d+)?(e[+-]?\\d+)?|'([^'\\\\]|''|\\\\.)*'|[bx]'[0-9a-f]*'"
                    + "|\\((?!.*(--|/\\*|#|;|`))[^\\u0000-\\u001f]*\\)");

    /** Why {@code name} is not a usable MySQL user name, or empty. */
    public static Optional<String> userNameProblem(String name) {
        return check("user name", name, "", MAX_USER_LENGTH, false);
    }

    private static Optional<String> check(String what, String name, String context, int max, boolean notDigitsAlone) {
        String shown = what + " '" + shown(name) + "'" + context;
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

    /** The name as messages quote it: escaped, cut at 40 characters, spaces kept (a trailing one matters). */
    private static String shown(String name) {
        String s = name == null ? "" : name;
        return Printable.escape(s.length() > Printable.MAX_EXCERPT ? s.substring(0, Printable.MAX_EXCERPT - 3) + "..." : s);
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
