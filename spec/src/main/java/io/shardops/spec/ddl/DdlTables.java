package io.shardops.spec.ddl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserTokenManager;
import net.sf.jsqlparser.parser.SimpleCharStream;
import net.sf.jsqlparser.parser.StringProvider;
import net.sf.jsqlparser.parser.Token;

/**
 * Which tables a DDL statement names: {@code CREATE TABLE}, {@code ALTER TABLE} and {@code DROP TABLE}, read with
 * JSqlParser's lexer (quotes, backticks, comments and {@code database.table} as SQL has them) rather than a pattern.
 * Only the statement's head is read, so clauses the parser would not know (MariaDB's {@code ALTER} options) do not
 * matter, and the work is bounded by the head's length.
 */
public final class DdlTables {
    /** What the statement does to the tables. */
    public enum Verb { CREATE, ALTER, DROP }

    /**
     * A table as the statement names it, unquoted.
     *
     * @param database the qualifier, or empty
     * @param table    the table name
     */
    public record Name(String database, String table) {}

    /** The statement's verb and the tables it names, in order. */
    public record Target(Verb verb, List<Name> tables) {
        public Target {
            tables = List.copyOf(tables);
        }

        /** The first table's name: the one a CREATE or ALTER is about. */
        public String table() {
            return tables.get(0).table();
        }
    }

    /** Names past this many tokens are not looked for: a DDL head is short. */
    private static final int MAX_TOKENS = 4096;

    private DdlTables() {}

    /** The target of {@code sql} if it is a CREATE, ALTER or DROP of tables; empty for any other statement. */
    public static Optional<Target> of(String sql) {
        if (sql == null || sql.isBlank()) {
            return Optional.empty();
        }
        List<String> words;
        try {
            words = head(sql);
        } catch (RuntimeException e) { // TokenMgrException among them
            return Optional.empty(); // not SQL the lexer reads: not a statement whose tables we can name
        }
        int i = 0;
        if (words.isEmpty()) {
            return Optional.empty();
        }
        Verb verb = switch (upper(words.get(0))) {
            case "CREATE" -> Verb.CREATE;
            case "ALTER" -> Verb.ALTER;
            case "DROP" -> Verb.DROP;
            default -> null;
        };
        if (verb == null) {
            return Optional.empty();
        }
        i++;
        // CREATE [OR REPLACE] [TEMPORARY] TABLE, ALTER [ONLINE] [IGNORE] TABLE, DROP [TEMPORARY] TABLE
        while (i < words.size() && List.of("OR", "REPLACE", "TEMPORARY", "ONLINE", "IGNORE").contains(upper(words.get(i)))) {
            i++;
        }
        if (i >= words.size() || !upper(words.get(i)).equals("TABLE") && !upper(words.get(i)).equals("TABLES")) {
            return Optional.empty();
        }
        i++;
        // IF [NOT] EXISTS
        if (i + 1 < words.size() && upper(words.get(i)).equals("IF")) {
            i += upper(words.get(i + 1)).equals("NOT") ? 3 : 2;
        }
        List<Name> tables = new ArrayList<>();
        while (i < words.size()) {
            String first = words.get(i);
            if (isPunctuation(first)) {
                break;
            }
            Name name = new Name("", unquote(first));
            i++;
            if (i + 1 < words.size() && words.get(i).equals(".")) {
                name = new Name(name.table(), unquote(words.get(i + 1)));
                i += 2;
            }
            tables.add(name);
            // DROP TABLE a, b names several; CREATE and ALTER name one
            if (verb != Verb.DROP || i >= words.size() || !words.get(i).equals(",")) {
                break;
            }
            i++;
        }
        return tables.isEmpty() ? Optional.empty() : Optional.of(new Target(verb, tables));
    }

    /** The statement's first tokens, as written (comments skipped by the lexer). */
    private static List<String> head(String sql) {
        CCJSqlParserTokenManager lexer = new CCJSqlParserTokenManager(new SimpleCharStream(new StringProvider(sql)));
        List<String> out = new ArrayList<>();
        for (int n = 0; n < MAX_TOKENS; n++) {
            Token t = lexer.getNextToken();
            if (t.kind == CCJSqlParserConstants.EOF || t.image.equals(";")) {
                break;
            }
            out.add(t.image);
            if (t.image.equals("(")) {
                break; // the definitions start: the names are behind us
            }
        }
        return out;
    }

    private static boolean isPunctuation(String token) {
        return token.equals("(") || token.equals(",") || token.equals(".") || token.equals(";");
    }

    private static String unquote(String name) {
        return CreateTableParser.unquote(name);
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }
}
