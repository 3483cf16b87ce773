package io.shardops.spec.ddl;

import io.shardops.spec.Problem;
import io.shardops.spec.SourceLocation;
import io.shardops.spec.schema.TableDef;
import io.shardops.spec.text.Printable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.parser.TokenMgrException;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.create.table.ColDataType;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.table.ForeignKeyIndex;
import net.sf.jsqlparser.statement.create.table.Index;

/**
 * Parses the CREATE TABLE statements of a keyspace's schema into {@link TableDef}s, normalised the
 * way MySQL prints a table back: lowercase names and types, primary key columns NOT NULL.
 * Statements are split here (so each keeps its position) and parsed one by one with JSqlParser,
 * on the calling thread.
 */
public final class CreateTableParser {
    /**
     * A parsed statement with where it starts in the text (1-based line and column).
     *
     * @param columns     where each column's definition starts, by lowercase name (1-based line and column in the text)
     * @param foreignKeys where each foreign key's definition starts, in the order of {@link TableDef#foreignKeys()}
     */
    public record Parsed(TableDef table, int line, int column, Map<String, int[]> columns, List<int[]> foreignKeys) {
        public Parsed(TableDef table, int line, int column) {
            this(table, line, column, Map.of(), List.of());
        }
    }

    public record Result(List<Parsed> tables, List<Problem> problems) {}

    static final int MAX_STATEMENT_CHARS = 64 * 1024;
    static final int MAX_PARENTHESIS_DEPTH = 16;
    private static final Pattern LEXICAL_AT = Pattern.compile("line (\\d+), column (\\d+)");

    private CreateTableParser() {}

    private static int parenthesisDepth(String sql) {
        int depth = 0;
        int max = 0;
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '(') {
                max = Math.max(max, ++depth);
            } else if (c == ')') {
                depth--;
            }
        }
        return max;
    }

    /**
     * @param sql   the text of a .sql file or an inline {@code sql:} block
     * @param where maps a 1-based (line, column) in {@code sql} to a position a user can open
     */
    public static Result parse(String sql, BiFunction<Integer, Integer, SourceLocation> where) {
        List<Parsed> tables = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (SqlSplitter.Piece piece : SqlSplitter.split(sql)) {
            SourceLocation start = where.apply(piece.line(), piece.column());
            if (piece.text().length() > MAX_STATEMENT_CHARS || parenthesisDepth(piece.text()) > MAX_PARENTHESIS_DEPTH) {
                // JSqlParser's lookahead grows fast with nesting; a table definition needs neither size nor depth
                problems.add(Problem.at(start, "sql.too-complex", "statement is longer than " + MAX_STATEMENT_CHARS
                        + " characters or nests parentheses deeper than " + MAX_PARENTHESIS_DEPTH, "a CREATE TABLE needs neither; check the file"));
                continue;
            }
            int executable = executableComment(piece.text());
            if (executable >= 0) {
                // MariaDB runs the inside of /*! ... */ while the parser here skips it as a comment: what would run is not what was checked
                problems.add(Problem.at(start, "sql.executable-comment", "executable comment (/*! ... */ or /*M! ... */) in a schema statement",
                        "write the SQL plainly; shardops runs only what it has parsed"));
                continue;
            }
            Statement statement;
            try {
                CCJSqlParser parser = CCJSqlParserUtil.newParser(piece.text());
                statement = parser.Statement();
            } catch (ParseException e) {
                Token bad = e.currentToken == null ? null : e.currentToken.next == null ? e.currentToken : e.currentToken.next;
                SourceLocation at = bad == null ? start : where.apply(piece.line() + bad.beginLine - 1,
                        bad.beginLine == 1 ? piece.column() + bad.beginColumn - 1 : bad.beginColumn);
                String near = bad == null || bad.image == null || bad.image.isEmpty() ? "end of statement" : "'" + Printable.excerpt(bad.image) + "'";
                problems.add(Problem.at(at, "sql.syntax", "SQL does not parse near " + near,
                        "write MySQL CREATE TABLE statements separated by ';'"));
                continue;
            } catch (TokenMgrException | StackOverflowError e) {
                Matcher m = e.getMessage() == null ? null : LEXICAL_AT.matcher(e.getMessage());
                SourceLocation at = start;
                if (m != null && m.find()) {
                    int line = Integer.parseInt(m.group(1));
                    int col = Integer.parseInt(m.group(2));
                    at = where.apply(piece.line() + line - 1, line == 1 ? piece.column() + col - 1 : col);
                }
                problems.add(Problem.at(at, "sql.syntax", "SQL does not parse" + (e instanceof StackOverflowError
                        ? " (nested too deeply)" : ": a character SQL does not allow here"),
                        "write MySQL CREATE TABLE statements separated by ';'"));
                continue;
            }
            if (!(statement instanceof CreateTable create) || create.getColumnDefinitions() == null || create.getSelect() != null) {
                problems.add(Problem.at(start, "sql.not-create-table", "only CREATE TABLE statements with columns belong in a schema, found: "
                        + firstLine(piece.text()), "put data changes and other statements elsewhere; the schema is the desired tables"));
                continue;
            }
            Parsed parsed = positioned(toTable(create, piece.text()), piece);
            List<Problem> words = columnWords(create, parsed, start, where);
            if (!words.isEmpty()) {
                problems.addAll(words);
                continue;
            }
            tables.add(parsed);
        }
        return new Result(tables, problems);
    }

    /** The parsed table with where its column and foreign-key definitions start, in the whole text. */
    private static Parsed positioned(TableDef table, SqlSplitter.Piece piece) {
        Map<String, int[]> columns = new LinkedHashMap<>();
        List<int[]> foreignKeys = new ArrayList<>();
        for (TableDefinitions.At at : TableDefinitions.of(piece.text())) {
            int[] pos = {piece.line() + at.line() - 1, at.line() == 1 ? piece.column() + at.column() - 1 : at.column()};
            if (at.isColumn()) {
                columns.putIfAbsent(at.word(), pos);
            } else if (at.foreignKey()) {
                foreignKeys.add(pos);
            }
        }
        return new Parsed(table, piece.line(), piece.column(), columns, foreignKeys);
    }

    /** Misspelt types and words in column definitions, which MariaDB would refuse (see {@link ColumnWords}). */
    private static List<Problem> columnWords(CreateTable create, Parsed parsed, SourceLocation start,
            BiFunction<Integer, Integer, SourceLocation> where) {
        List<Problem> out = new ArrayList<>();
        for (ColumnDefinition def : create.getColumnDefinitions()) {
            String name = lower(unquote(def.getColumnName()));
            int[] pos = parsed.columns().get(name);
            SourceLocation at = pos == null ? start : where.apply(pos[0], pos[1]);
            String badType = ColumnWords.unknownTypeWord(def.getColDataType() == null ? null : def.getColDataType().getDataType());
            if (badType != null) {
                out.add(Problem.at(at, "sql.unknown-type", "column '" + name + "' has type '" + Printable.excerpt(badType)
                        + "', which MariaDB does not know", "use a MariaDB type: int, bigint, varchar(N), varbinary(N), decimal(P,S), datetime(6), json, blob, ..."));
                continue;
            }
            String badWord = ColumnWords.unknownSpecWord(def.getColumnSpecs() == null ? List.of() : def.getColumnSpecs());
            if (badWord != null) {
                out.add(Problem.at(at, "sql.unknown-word", "column '" + name + "' has '" + Printable.excerpt(badWord)
                        + "' in its definition, which MariaDB would refuse", "check the spelling: NOT NULL, DEFAULT, AUTO_INCREMENT, COMMENT, COLLATE, CHARACTER SET, ..."));
            }
        }
        return out;
    }

    private static String firstLine(String s) {
        return Printable.excerpt(s);
    }

    /** Where a {@code /*!} or {@code /*M!} comment starts outside quotes, or -1. */
    static int executableComment(String sql) {
        char quote = 0;
        for (int i = 0; i + 2 < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote != '`') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '/' && sql.charAt(i + 1) == '*'
                    && (sql.charAt(i + 2) == '!' || (sql.charAt(i + 2) == 'M' || sql.charAt(i + 2) == 'm') && i + 3 < sql.length() && sql.charAt(i + 3) == '!')) {
                return i;
            }
        }
        return -1;
    }

    static String unquote(String name) {
        String n = name.strip();
        if (n.length() >= 2 && (n.startsWith("`") && n.endsWith("`") || n.startsWith("\"") && n.endsWith("\""))) {
            n = n.substring(1, n.length() - 1);
        }
        return n;
    }

    private static TableDef toTable(CreateTable create, String sql) {
        List<String> primaryKey = new ArrayList<>();
        List<TableDef.Index> indexes = new ArrayList<>();
        List<TableDef.ForeignKey> foreignKeys = new ArrayList<>();
        if (create.getIndexes() != null) {
            for (Index index : create.getIndexes()) {
                String type = index.getType() == null ? "" : index.getType().toUpperCase(Locale.ROOT);
                List<String> cols = index.getColumnsNames().stream().map(CreateTableParser::unquote).map(CreateTableParser::lower).toList();
                if (index instanceof ForeignKeyIndex fk) {
                    foreignKeys.add(new TableDef.ForeignKey(cols, lower(qualifiedName(fk.getTable())),
                            fk.getReferencedColumnNames() == null ? List.of() : fk.getReferencedColumnNames().stream().map(CreateTableParser::unquote).map(CreateTableParser::lower).toList()));
                } else if (type.startsWith("PRIMARY")) {
                    primaryKey.addAll(cols);
                } else if (!type.startsWith("FOREIGN")) {
                    String name = index.getName() == null ? cols.get(0) : unquote(index.getName());
                    indexes.add(new TableDef.Index(lower(name), type.contains("UNIQUE"), cols));
                }
            }
        }
        List<TableDef.Column> columns = new ArrayList<>();
        for (ColumnDefinition def : create.getColumnDefinitions()) {
            String name = lower(unquote(def.getColumnName()));
            List<String> specs = def.getColumnSpecs() == null ? List.of() : def.getColumnSpecs();
            String joined = " " + String.join(" ", specs).toUpperCase(Locale.ROOT) + " ";
            if (joined.contains(" PRIMARY KEY ")) {
                primaryKey.add(name);
            }
            if (joined.contains(" UNIQUE ")) {
                indexes.add(new TableDef.Index(name, true, List.of(name)));
            }
            columns.add(new TableDef.Column(name, type(def.getColDataType(), joined), false, joined.contains(" AUTO_INCREMENT "), defaultValue(specs),
                    columnCharset(def.getColDataType(), specs)));
        }
        List<TableDef.Column> normalised = new ArrayList<>();
        for (TableDef.Column c : columns) {
            String upperSpecs = specsOf(create, c.name());
            boolean notNull = upperSpecs.contains(" NOT NULL ") || primaryKey.contains(c.name());
            normalised.add(new TableDef.Column(c.name(), c.type(), notNull, c.autoIncrement(), c.defaultValue(), c.charset()));
        }
        String trimmed = sql.strip();
        if (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
        }
        return new TableDef(lower(unquote(create.getTable().getName())), normalised, primaryKey, indexes, comment(create), trimmed,
                charsetIn(create.getTableOptionsStrings()), foreignKeys);
    }

    /** {@code name} or {@code database.name}, unquoted. */
    static String qualifiedName(Table table) {
        String name = unquote(table.getName());
        return table.getSchemaName() == null ? name : unquote(table.getSchemaName()) + "." + name;
    }

    /** The character set a column declares ({@code CHARACTER SET x}, {@code CHARSET x} or {@code COLLATE x_...}), or empty. */
    private static String columnCharset(ColDataType type, List<String> specs) {
        if (type.getCharacterSet() != null && !type.getCharacterSet().isBlank()) {
            return lower(unquote(type.getCharacterSet()));
        }
        return charsetIn(specs);
    }

    /**
     * The character set named in a list of option words: after {@code CHARSET} or {@code CHARACTER SET} (an {@code =}
     * may stand between), else the part of a {@code COLLATE} before its first {@code _}; empty when none is named.
     */
    static String charsetIn(List<String> words) {
        if (words == null) {
            return "";
        }
        String collation = "";
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i).toUpperCase(Locale.ROOT);
            int value = -1;
            if (w.equals("CHARSET") || w.equals("CHARACTER") && i + 1 < words.size() && words.get(i + 1).equalsIgnoreCase("SET")) {
                value = w.equals("CHARSET") ? i + 1 : i + 2;
            } else if (w.equals("COLLATE")) {
                int v = i + 1 < words.size() && words.get(i + 1).equals("=") ? i + 2 : i + 1;
                if (v < words.size() && collation.isEmpty()) {
                    String c = lower(unquote(stripQuotes(words.get(v))));
                    collation = c.contains("_") ? c.substring(0, c.indexOf('_')) : c;
                }
                continue;
            } else if (w.startsWith("CHARSET=") || w.startsWith("COLLATE=")) {
                String v = lower(unquote(stripQuotes(words.get(i).substring(8))));
                if (w.startsWith("CHARSET=")) {
                    return v;
                }
                collation = collation.isEmpty() ? (v.contains("_") ? v.substring(0, v.indexOf('_')) : v) : collation;
                continue;
            }
            if (value >= 0) {
                if (value < words.size() && words.get(value).equals("=")) {
                    value++;
                }
                if (value < words.size()) {
                    return lower(unquote(stripQuotes(words.get(value))));
                }
            }
        }
        return collation;
    }

    private static String stripQuotes(String s) {
        return s.length() >= 2 && (s.startsWith("'") && s.endsWith("'")) ? s.substring(1, s.length() - 1) : s;
    }

    private static String specsOf(CreateTable create, String column) {
        for (ColumnDefinition def : create.getColumnDefinitions()) {
            if (lower(unquote(def.getColumnName())).equals(column)) {
                return " " + String.join(" ", def.getColumnSpecs() == null ? List.of() : def.getColumnSpecs()).toUpperCase(Locale.ROOT) + " ";
            }
        }
        return "";
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** The type as MySQL prints it: lowercase, arguments without spaces, then unsigned / zerofill. */
    private static String type(ColDataType t, String upperSpecs) {
        StringBuilder b = new StringBuilder(lower(t.getDataType()).replaceAll("\\s+", " ").strip());
        List<String> args = t.getArgumentsStringList();
        if (args != null && !args.isEmpty()) {
            b.append('(').append(String.join(",", args.stream().map(String::strip).toList())).append(')');
        }
        String typeText = b.toString().replaceAll("\\s*\\(\\s*", "(").replaceAll("\\s*,\\s*", ",").replaceAll("\\s*\\)", ")");
        b.setLength(0);
        b.append(typeText);
        if (upperSpecs.contains(" UNSIGNED ") && !typeText.contains("unsigned")) {
            b.append(" unsigned");
        }
        if (upperSpecs.contains(" ZEROFILL ") && !typeText.contains("zerofill")) {
            b.append(" zerofill");
        }
        return b.toString();
    }

    private static String defaultValue(List<String> specs) {
        for (int i = 0; i + 1 < specs.size(); i++) {
            if (specs.get(i).equalsIgnoreCase("DEFAULT")) {
                return specs.get(i + 1);
            }
        }
        return null;
    }

    private static String comment(CreateTable create) {
        List<String> options = create.getTableOptionsStrings();
        if (options == null) {
            return "";
        }
        for (int i = 0; i + 1 < options.size(); i++) {
            if (options.get(i).equalsIgnoreCase("COMMENT")) {
                String v = options.get(i + 1);
                if (v.equals("=") && i + 2 < options.size()) {
                    v = options.get(i + 2);
                }
                if (v.length() >= 2 && (v.startsWith("'") || v.startsWith("\""))) {
                    v = v.substring(1, v.length() - 1);
                }
                return v;
            }
        }
        return "";
    }
}
