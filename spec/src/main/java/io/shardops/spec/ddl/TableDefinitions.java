package io.shardops.spec.ddl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where each definition inside a CREATE TABLE's parentheses starts (a column, a key, a constraint), so a finding
 * about a column or a foreign key can point at its own line. JSqlParser keeps no positions for them; this walks
 * the statement's characters, skipping quotes and comments, and reports the first word of each definition.
 */
final class TableDefinitions {
    /**
     * One definition.
     *
     * @param word       its first word, unquoted and lowercase: a column name, or {@code primary}, {@code constraint}, …
     * @param quoted     whether that word was quoted (then it is a column name even if it reads like a keyword)
     * @param foreignKey whether the definition declares a foreign key
     * @param line       1-based, in the statement
     * @param column     1-based, in the statement
     */
    record At(String word, boolean quoted, boolean foreignKey, int line, int column) {
        boolean isColumn() {
            return quoted || !KEYWORDS.contains(word);
        }
    }

    private static final List<String> KEYWORDS = List.of("primary", "key", "index", "unique", "constraint", "foreign",
            "fulltext", "spatial", "check", "period", "system");

    private TableDefinitions() {}

    static List<At> of(String sql) {
        List<At> out = new ArrayList<>();
        int depth = 0;
        int line = 1;
        int col = 1;
        boolean expectDefinition = false;
        int defStart = -1;
        At pending = null;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            char next = i + 1 < sql.length() ? sql.charAt(i + 1) : 0;
            int skip = 0;
            if (c == '-' && next == '-' || c == '#') {
                skip = endOfLine(sql, i) - i;
            } else if (c == '/' && next == '*') {
                int end = sql.indexOf("*/", i + 2);
                skip = (end < 0 ? sql.length() : end + 2) - i;
            } else if (expectDefinition && !Character.isWhitespace(c)) {
                int end = c == '`' || c == '"' || c == '\'' ? closingQuote(sql, i) + 1 : endOfWord(sql, i);
                end = Math.max(end, i + 1);
                boolean quoted = c == '`' || c == '"';
                String word = quoted ? sql.substring(i + 1, Math.max(i + 1, end - 1)) : sql.substring(i, end);
                pending = new At(word.toLowerCase(Locale.ROOT), quoted, false, line, col);
                defStart = i;
                expectDefinition = false;
                skip = end - i;
            } else if (c == '\'' || c == '"' || c == '`') {
                skip = closingQuote(sql, i) + 1 - i;
            } else if (c == '(') {
                depth++;
                expectDefinition = depth == 1;
            } else if (c == ')' || c == ',' && depth == 1) {
                if (depth == 1 && pending != null) {
                    out.add(withForeignKey(pending, sql.substring(defStart, i)));
                    pending = null;
                }
                if (c == ')') {
                    depth--;
                } else {
                    expectDefinition = true;
                }
            }
            int advance = Math.max(skip, 1);
            for (int k = 0; k < advance && i + k < sql.length(); k++) {
                if (sql.charAt(i + k) == '\n') {
                    line++;
                    col = 1;
                } else {
                    col++;
                }
            }
            i += advance - 1;
        }
        return out;
    }

    private static At withForeignKey(At at, String text) {
        boolean fk = !at.isColumn() && (" " + text.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ") + " ").contains(" FOREIGN KEY");
        return new At(at.word(), at.quoted(), fk, at.line(), at.column());
    }

    private static int endOfLine(String sql, int from) {
        int end = sql.indexOf('\n', from);
        return end < 0 ? sql.length() : end;
    }

    private static int endOfWord(String sql, int from) {
        int i = from;
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
            i++;
        }
        return i;
    }

    /** The index of the quote that closes the one at {@code from} (a doubled quote or a backslash escape stays inside). */
    private static int closingQuote(String sql, int from) {
        char q = sql.charAt(from);
        for (int i = from + 1; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\\' && q != '`') {
                i++;
            } else if (c == q) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == q) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return sql.length() - 1;
    }
}
