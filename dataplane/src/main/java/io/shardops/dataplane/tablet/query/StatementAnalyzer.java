package io.shardops.dataplane.tablet.query;

import io.shardops.dataplane.mysql.SqlLexer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Finds a statement's kind and tables. Statements that name no table (SET, BEGIN, SELECT @@x) take a
 * fast path; the rest are parsed with JSqlParser once per shape (the SQL with literals replaced by
 * {@code ?}) and cached. A statement the parser cannot read falls back to a keyword scan for tables.
 */
public final class StatementAnalyzer {
    private static final int MAX_CACHED = 10_000;
    private static final Pattern TABLE_AFTER_KEYWORD = Pattern.compile(
            "(?i)\\b(?:from|join|into|update|table)\\s+((?:`[^`]+`|[A-Za-z0-9_$]+)(?:\\s*\\.\\s*(?:`[^`]+`|[A-Za-z0-9_$]+))?)");
    private static final Set<String> NOT_TABLES = Set.of("dual", "select", "if", "exists", "ignore", "low_priority",
            "quick", "delayed", "high_priority", "lateral", "values");

    private final ConcurrentHashMap<String, StatementInfo> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Lookup> prepared = new ConcurrentHashMap<>();

    /** The lexed statement and, when known without parsing, its analysis. */
    public record Lookup(SqlLexer.Lexed lexed, Optional<StatementInfo> info) {}

    /** Cheap: lexes and looks in the cache; parsing is left to {@link #parse} (call it off the event loop). */
    public Lookup lookup(String sql) {
        SqlLexer.Lexed lexed = SqlLexer.lex(sql);
        StatementKind kind = StatementKind.ofFirstKeyword(lexed.firstKeyword());
        if (kind == StatementKind.SESSION || !lexed.namesTables() || isMetadata(lexed.firstKeyword())) {
            return new Lookup(lexed, Optional.of(StatementInfo.noTables(kind)));
        }
        return new Lookup(lexed, Optional.ofNullable(cache.get(lexed.normalized())));
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
    public StatementInfo parse(SqlLexer.Lexed lexed) {
        StatementInfo info = analyze(lexed);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(lexed.normalized(), info);
        return info;
    }

    /** Lookup and parse in one call (tests, tools). */
    public StatementInfo analyze(String sql) {
        Lookup l = lookup(sql);
        return l.info().orElseGet(() -> parse(l.lexed()));
    }

    /** SHOW / DESCRIBE / EXPLAIN are answered by MariaDB itself; they are not held to the schema rules. */
    private static boolean isMetadata(String keyword) {
        return keyword.equals("SHOW") || keyword.equals("DESCRIBE") || keyword.equals("DESC") || keyword.equals("EXPLAIN");
    }

    private static StatementInfo analyze(SqlLexer.Lexed lexed) {
        StatementKind kind = StatementKind.ofFirstKeyword(lexed.firstKeyword());
        try {
            Statement st = CCJSqlParserUtil.newParser(lexed.normalized()).Statement();
            Set<String> names = new TablesNamesFinder<Void>().getTables(st);
            List<TableRef> refs = new ArrayList<>();
            for (String n : names) {
                TableRef r = TableRef.parse(n);
                if (!NOT_TABLES.contains(r.name())) {
                    refs.add(r);
                }
            }
            return new StatementInfo(kind, refs, true);
        } catch (Exception | StackOverflowError e) {
            // unreadable for the parser (MariaDB-only syntax, deep nesting): fall back to the keyword scan
            return new StatementInfo(kind, scanTables(lexed.normalized()), false);
        }
    }

    /** Tables named right after FROM, JOIN, INTO, UPDATE or TABLE: the fallback when parsing fails. */
    static List<TableRef> scanTables(String sql) {
        Set<TableRef> out = new LinkedHashSet<>();
        Matcher m = TABLE_AFTER_KEYWORD.matcher(sql);
        while (m.find()) {
            TableRef r = TableRef.parse(m.group(1).replaceAll("\\s+", ""));
            if (!NOT_TABLES.contains(r.name().toLowerCase(Locale.ROOT))) {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }
}
