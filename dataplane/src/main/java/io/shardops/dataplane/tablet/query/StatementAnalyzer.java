package io.shardops.dataplane.tablet.query;

import io.shardops.dataplane.mysql.SqlLexer;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a statement's kind and tables. Statements that cannot name a table (BEGIN, SET without a
 * subquery, SELECT without FROM) take a fast path; the rest are read once per shape (the SQL with
 * literals replaced by {@code ?}) and cached. A statement is "parsed" only when its tables are certain:
 * a parser read it whole and it is of a type whose tables the parser lists completely, or it is one of
 * the MariaDB forms read here (HANDLER, LOAD DATA, PREPARE/EXECUTE, SET STATEMENT ... FOR). Everything
 * else keeps the keyword scan's tables but is marked unanalysable, which the rules refuse while any
 * table is denied: a form nobody thought of fails closed.
 */
public final class StatementAnalyzer {
    private static final int MAX_CACHED = 10_000;
    /** Nested SET STATEMENT ... FOR / EXECUTE IMMEDIATE deeper than this is not analysed. */
    private static final int MAX_DEPTH = 4;
    static final String NAME = "(?:`(?:[^`]|``)+`|[A-Za-z0-9_$]+)";
    static final String QUALIFIED = NAME + "(?:\\s*\\.\\s*" + NAME + ")?";
    private static final Pattern HANDLER = Pattern.compile(
            "(?is)^HANDLER\\s+(" + QUALIFIED + ")\\s+(OPEN(?:\\s+(?:AS\\s+)?(" + NAME + "))?|READ\\b.*|CLOSE)\\s*;?$");
    private static final Pattern LOAD = Pattern.compile(
            "(?is)^LOAD\\s+(?:DATA|XML)\\b(?:(?!\\bINTO\\b).)*\\bINTO\\s+TABLE\\s+(" + QUALIFIED + ")");
    private static final Pattern PREPARE_RAW = Pattern.compile("(?is)^PREPARE\\s+(" + NAME + ")\\s+FROM\\s+(.*)$");
    private static final Pattern EXECUTE = Pattern.compile("(?is)^EXECUTE\\s+(" + NAME + ")(?:\\s+USING\\b.*)?\\s*;?$");
    private static final Pattern EXECUTE_IMMEDIATE = Pattern.compile("(?is)^EXECUTE\\s+IMMEDIATE\\s+(.*)$");
    private static final Pattern DEALLOCATE = Pattern.compile("(?is)^(?:DEALLOCATE|DROP)\\s+PREPARE\\s+(" + NAME + ")\\s*;?$");
    private static final Pattern SET_STATEMENT = Pattern.compile("(?is)^SET\\s+STATEMENT\\b(.*?)\\bFOR\\b(.*)$");
    private static final Pattern READING_SETTING = Pattern.compile("(?i)sql_mode|names|character|charset|collation");
    private static final Pattern BEGIN_ONLY = Pattern.compile("(?i)^BEGIN(?:\\s+WORK)?\\s*;?$");
    /** MariaDB sequences are tables, named inside NEXTVAL(s), SETVAL(s, n), NEXT VALUE FOR s without any FROM. */
    private static final Set<String> SEQUENCE_FUNCTIONS = Set.of("nextval", "lastval", "setval");
    private static final Pattern VALUE_FOR = Pattern.compile("(?i)\\b(?:NEXT|PREVIOUS)\\s+VALUE\\s+FOR\\b");
    private static final Pattern SEQUENCE_REF = Pattern.compile(
            "(?i)\\b(?:(?:nextval|lastval|setval)\\s*\\(\\s*|(?:NEXT|PREVIOUS)\\s+VALUE\\s+FOR\\s+)(" + QUALIFIED + ")");
    private static final Map<StatementKind, StatementInfo> NO_TABLES = new EnumMap<>(StatementKind.class);

    static {
        for (StatementKind k : StatementKind.values()) {
            NO_TABLES.put(k, StatementInfo.noTables(k));
        }
    }

    private final ConcurrentHashMap<String, StatementInfo> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Lookup> prepared = new ConcurrentHashMap<>();

    /**
     * The lexed statement and, when known without parsing, its analysis.
     *
     * @param sql the statement as sent: PREPARE and EXECUTE IMMEDIATE are analysed from it, their text being a literal
     */
    public record Lookup(String sql, SqlLexer.Lexed lexed, Optional<StatementInfo> info) {
        /** Whether the analysis depends on the literals, so it cannot be shared by statements of one shape. */
        boolean readsLiterals() {
            return readsLiterals(lexed);
        }

        static boolean readsLiterals(SqlLexer.Lexed lexed) {
            String kw = lexed.firstKeyword();
            return kw.equals("PREPARE") || (kw.equals("EXECUTE") && EXECUTE_IMMEDIATE.matcher(lexed.normalized()).matches());
        }
    }

    /** Cheap: lexes and looks in the cache; parsing is left to {@link #parse} (call it off the event loop). */
    public Lookup lookup(String sql) {
        SqlLexer.Lexed lexed = SqlLexer.lex(sql);
        if (Lookup.readsLiterals(lexed)) {
            return new Lookup(sql, lexed, Optional.empty());
        }
        if (!lexed.multiStatement() && namesNoTable(lexed) && !usesSequence(lexed)) {
            StatementKind kind = StatementKind.ofFirstKeyword(lexed.firstKeyword());
            StatementInfo info = lexed.calledNames().isEmpty() ? NO_TABLES.get(kind) : NO_TABLES.get(kind).withCalledNames(lexed.calledNames());
            return new Lookup(sql, lexed, Optional.of(info));
        }
        return new Lookup(sql, lexed, Optional.ofNullable(cache.get(lexed.normalized())));
    }

    /**
     * A prepared statement's text comes back unchanged at every execution, so its whole lookup is kept by
     * that text and the lexer runs once per statement, not once per execution.
     */
    public Lookup lookupPrepared(String sql) {
        Lookup known = prepared.get(sql);
        if (known != null) {
            return known;
        }
        Lookup l = lookup(sql);
        if (l.info().isPresent()) {
            if (prepared.size() >= MAX_CACHED) {
                prepared.clear();
            }
            prepared.put(sql, l);
        }
        return l;
    }

    /** Parses and caches; may take milliseconds for a long statement. */
    public StatementInfo parse(Lookup lookup) {
        if (lookup.readsLiterals()) {
            return analyzeWithLiterals(lookup.sql(), 0);
        }
        StatementInfo info = analyze(lookup.lexed(), 0);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(lookup.lexed().normalized(), info);
        return info;
    }

    /** Lookup and parse in one call (tests, tools). */
    public StatementInfo analyze(String sql) {
        Lookup l = lookup(sql);
        return l.info().orElseGet(() -> parse(l));
    }

    /**
     * Whether the statement certainly names no table: transaction control, SET and USE without a subquery,
     * SELECT/VALUES/DO without FROM, and SHOW / DESCRIBE / EXPLAIN (answered by MariaDB from metadata;
     * they read no rows and are not held to the schema rules).
     */
    private static boolean namesNoTable(SqlLexer.Lexed lexed) {
        String kw = lexed.firstKeyword();
        return switch (kw) {
            case "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "HELP", "" -> true;
            case "BEGIN" -> BEGIN_ONLY.matcher(lexed.normalized()).matches();
            case "SET" -> !lexed.namesTables() && !SET_STATEMENT.matcher(lexed.normalized()).matches();
            case "START", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "XA", "USE", "SELECT", "VALUES", "DO" -> !lexed.namesTables();
            default -> false;
        };
    }

    /** PREPARE name FROM 'text' and EXECUTE IMMEDIATE 'text': the text is a literal of the statement. */
    private StatementInfo analyzeWithLiterals(String sql, int depth) {
        SqlLexer.Shape shape = SqlLexer.shape(sql);
        if (shape == null) {
            // a literal with an introducer or a ? in the text: no plain text to analyse
            return literalTextOf(sql, null, depth);
        }
        return literalTextOf(shape.normalized(), shape.literals(), depth);
    }

    private StatementInfo literalTextOf(String normalized, List<String> literals, int depth) {
        Matcher prepare = PREPARE_RAW.matcher(normalized);
        if (prepare.matches()) {
            String name = statementName(prepare.group(1));
            StatementInfo text = literals == null ? StatementInfo.unanalysable(StatementKind.WRITE)
                    : textOf(prepare.group(2), literals, depth);
            return new StatementInfo(text.kind(), List.of(), true).withSession(new SessionStatement.Prepare(name, text));
        }
        Matcher immediate = EXECUTE_IMMEDIATE.matcher(normalized);
        if (immediate.matches()) {
            return literals == null ? StatementInfo.unanalysable(StatementKind.WRITE) : textOf(immediate.group(1), literals, depth);
        }
        return StatementInfo.unanalysable(StatementKind.WRITE);
    }

    /** The statement a PREPARE or EXECUTE IMMEDIATE runs, when its text is string literals only (adjacent ones are joined). */
    private StatementInfo textOf(String source, List<String> literals, int depth) {
        String s = source.strip();
        if (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        if (depth >= MAX_DEPTH || !s.matches("\\?(?:\\s*\\?)*") || literals.size() != s.chars().filter(ch -> ch == '?').count()) {
            // FROM @var, CONCAT(...), or literals elsewhere in the statement: the text is not known here
            return StatementInfo.unanalysable(StatementKind.WRITE);
        }
        StringBuilder text = new StringBuilder();
        for (String literal : literals) {
            text.append(unquote(literal));
        }
        StatementInfo inner = analyzeNested(text.toString(), depth + 1);
        // a PREPARE inside a prepared text (or EXECUTE IMMEDIATE) changes session state the session does not see
        return inner.session().isPresent() ? StatementInfo.unanalysable(inner.kind()) : inner;
    }

    private StatementInfo analyzeNested(String sql, int depth) {
        SqlLexer.Lexed lexed = SqlLexer.lex(sql);
        if (Lookup.readsLiterals(lexed)) {
            return analyzeWithLiterals(sql, depth);
        }
        if (!lexed.multiStatement() && namesNoTable(lexed) && !usesSequence(lexed)) {
            return NO_TABLES.get(StatementKind.ofFirstKeyword(lexed.firstKeyword())).withCalledNames(lexed.calledNames());
        }
        return analyze(lexed, depth);
    }

    private StatementInfo analyze(SqlLexer.Lexed lexed, int depth) {
        if (lexed.multiStatement()) {
            List<String> parts = SqlLexer.splitNormalized(lexed.normalized());
            if (parts.size() > 1) {
                return combine(parts.stream().map(p -> analyzePart(SqlLexer.lex(p), depth)).toList());
            }
        }
        return analyzePart(lexed, depth).withCalledNames(lexed.calledNames());
    }

    private static boolean usesSequence(SqlLexer.Lexed lexed) {
        for (String f : lexed.calledNames()) {
            if (SEQUENCE_FUNCTIONS.contains(f)) {
                return true;
            }
        }
        return VALUE_FOR.matcher(lexed.normalized()).find();
    }

    /** {@code info} with the sequences the statement reads or moves on (NEXTVAL(s), NEXT VALUE FOR s) among its tables. */
    private static StatementInfo withSequences(StatementInfo info, SqlLexer.Lexed lexed) {
        if (!usesSequence(lexed)) {
            return info;
        }
        Set<TableRef> tables = new LinkedHashSet<>(info.tables());
        Matcher m = SEQUENCE_REF.matcher(lexed.normalized());
        while (m.find()) {
            tables.add(TableRef.parse(m.group(1).replaceAll("\\s+", "")));
        }
        return new StatementInfo(info.kind() == StatementKind.SESSION ? StatementKind.READ : info.kind(), List.copyOf(tables),
                info.parsed(), info.calledNames(), info.session());
    }

    /** One statement of a multi-statement text, or the statement. */
    private StatementInfo analyzePart(SqlLexer.Lexed lexed, int depth) {
        return withSequences(analyzePartTables(lexed, depth), lexed);
    }

    private StatementInfo analyzePartTables(SqlLexer.Lexed lexed, int depth) {
        if (namesNoTable(lexed) && !usesSequence(lexed)) {
            return NO_TABLES.get(StatementKind.ofFirstKeyword(lexed.firstKeyword())).withCalledNames(lexed.calledNames());
        }
        String sql = lexed.normalized();
        StatementKind kind = StatementKind.ofFirstKeyword(lexed.firstKeyword());
        StatementInfo info = switch (lexed.firstKeyword()) {
            case "HANDLER" -> handler(sql, kind);
            case "LOAD" -> load(sql, kind);
            case "EXECUTE" -> {
                Matcher m = EXECUTE.matcher(sql);
                yield m.matches() ? new StatementInfo(kind, List.of(), true).withSession(new SessionStatement.Execute(statementName(m.group(1))))
                        : StatementInfo.unanalysable(kind);
            }
            case "PREPARE" -> {
                Matcher m = PREPARE_RAW.matcher(sql);
                // reached only without the literals (a part of a multi-statement text): the prepared text is unknown
                yield m.matches() ? new StatementInfo(kind, List.of(), true).withSession(
                        new SessionStatement.Prepare(statementName(m.group(1)), StatementInfo.unanalysable(StatementKind.WRITE)))
                        : StatementInfo.unanalysable(kind);
            }
            case "DEALLOCATE", "DROP" -> {
                Matcher m = DEALLOCATE.matcher(sql);
                yield m.matches() ? new StatementInfo(StatementKind.SESSION, List.of(), true).withSession(new SessionStatement.Deallocate(statementName(m.group(1))))
                        : ParsedTables.of(lexed, kind);
            }
            case "SET" -> {
                Matcher m = SET_STATEMENT.matcher(sql);
                if (m.matches()) {
                    // SET STATEMENT var=value FOR statement: the inner statement runs with the settings
                    StatementInfo inner = depth >= MAX_DEPTH ? StatementInfo.unanalysable(StatementKind.WRITE)
                            : analyzePart(SqlLexer.lex(m.group(2).strip()), depth + 1);
                    boolean rereads = READING_SETTING.matcher(m.group(1)).find();
                    // settings that change how the text is read (sql_mode, charset) could hide a table from this lexer
                    yield rereads || inner.session().isPresent() ? StatementInfo.unanalysable(inner.kind().writes() ? inner.kind() : StatementKind.WRITE) : inner;
                }
                // SET with a subquery: reads, and its tables are not listed by the parser
                yield new StatementInfo(StatementKind.READ, ParsedTables.scan(sql), false);
            }
            case "BEGIN", "START", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "XA", "USE" ->
                    // BEGIN NOT ATOMIC ... END and the like: a compound statement, not transaction control
                    new StatementInfo(StatementKind.WRITE, ParsedTables.scan(sql), false);
            case "CALL" -> new StatementInfo(kind, ParsedTables.scan(sql), false); // a stored procedure may touch any table
            default -> ParsedTables.of(lexed, kind);
        };
        return info;
    }

    private static StatementInfo combine(List<StatementInfo> parts) {
        StatementKind kind = StatementKind.SESSION;
        Set<TableRef> tables = new LinkedHashSet<>();
        Set<String> called = new LinkedHashSet<>();
        boolean parsed = true;
        for (StatementInfo p : parts) {
            kind = strongest(kind, p.kind());
            tables.addAll(p.tables());
            called.addAll(p.calledNames());
            // session state changed inside a multi-statement text is not followed: such a text is unanalysable
            parsed &= p.parsed() && p.session().isEmpty();
        }
        return new StatementInfo(kind, List.copyOf(tables), parsed, List.copyOf(called), Optional.empty());
    }

    private static StatementKind strongest(StatementKind a, StatementKind b) {
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(StatementKind k) {
        return switch (k) {
            case SESSION -> 0;
            case READ -> 1;
            case WRITE -> 2;
            case DDL -> 3;
        };
    }

    private static StatementInfo handler(String sql, StatementKind kind) {
        Matcher m = HANDLER.matcher(sql);
        if (!m.matches()) {
            return new StatementInfo(kind, List.of(), false);
        }
        TableRef named = TableRef.parse(m.group(1).replaceAll("\\s+", ""));
        if (m.group(2).regionMatches(true, 0, "OPEN", 0, 4)) {
            String alias = m.group(3) == null ? named.name() : TableRef.parse(m.group(3)).name();
            return new StatementInfo(kind, List.of(named), true).withSession(new SessionStatement.HandlerOpen(named, alias));
        }
        return new StatementInfo(kind, List.of(), true).withSession(new SessionStatement.HandlerUse(named.name()));
    }

    private static StatementInfo load(String sql, StatementKind kind) {
        Matcher m = LOAD.matcher(sql);
        if (!m.find()) {
            return new StatementInfo(kind, List.of(), false);
        }
        return new StatementInfo(kind, List.of(TableRef.parse(m.group(1).replaceAll("\\s+", ""))), true);
    }

    /** A prepared statement's or handler's name: case-insensitive, backquotes removed. */
    private static String statementName(String text) {
        return TableRef.parse(text).name();
    }

    /** The value of a quoted literal as MariaDB reads it by default (backslash escapes, doubled quotes). */
    static String unquote(String literal) {
        char q = literal.charAt(0);
        StringBuilder out = new StringBuilder(literal.length());
        int end = literal.length() > 1 && literal.charAt(literal.length() - 1) == q ? literal.length() - 1 : literal.length();
        for (int i = 1; i < end; i++) {
            char c = literal.charAt(i);
            if (c == '\\' && i + 1 < end) {
                char e = literal.charAt(++i);
                out.append(switch (e) {
                    case 'n' -> "\n";
                    case 't' -> "\t";
                    case 'r' -> "\r";
                    case '0' -> "\0";
                    case 'b' -> "\b";
                    case 'Z' -> "\u001a";
                    case '%', '_' -> "\\" + e;
                    default -> String.valueOf(e);
                });
            } else if (c == q && i + 1 < end && literal.charAt(i + 1) == q) {
                out.append(q);
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
