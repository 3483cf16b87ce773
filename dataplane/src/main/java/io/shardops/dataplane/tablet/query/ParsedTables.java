package io.shardops.dataplane.tablet.query;

import io.shardops.dataplane.mysql.SqlLexer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.RenameTableStatement;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.view.AlterView;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * A statement's tables as JSqlParser lists them, certain only for the statement types whose every
 * table its finder lists; else, and when the parser cannot read the statement, the keyword scan's.
 */
final class ParsedTables {
    private static final Pattern TABLE_AFTER_KEYWORD = Pattern.compile(
            "(?i)\\b(?:from|join|into|update|table)\\s+(" + StatementAnalyzer.QUALIFIED + ")");
    private static final Set<String> NOT_TABLES = Set.of("dual", "select", "if", "exists", "ignore", "low_priority",
            "quick", "delayed", "high_priority", "lateral", "values", "?");

    private ParsedTables() {}

    /** Parsed by JSqlParser; trusted only for statement types whose every table its finder lists. */
    static StatementInfo of(SqlLexer.Lexed lexed, StatementKind kind) {
        String sql = lexed.normalized();
        try {
            Statement st = CCJSqlParserUtil.newParser(sql).Statement();
            Set<String> names = new TablesNamesFinder<Void>().getTables(st);
            List<TableRef> refs = new ArrayList<>();
            for (String n : names) {
                TableRef r = TableRef.parse(n);
                if (!NOT_TABLES.contains(r.name())) {
                    refs.add(r);
                }
            }
            if (st instanceof CreateTable ct && ct.getLikeTable() != null) {
                // the finder leaves out CREATE TABLE ... LIKE's source, which the statement reads
                refs.add(TableRef.parse(ct.getLikeTable().getFullyQualifiedName()));
            }
            boolean certain = tablesAreComplete(st);
            return new StatementInfo(kind, certain ? refs : union(refs, scan(sql)), certain);
        } catch (Exception | StackOverflowError e) {
            // unreadable for the parser (MariaDB-only syntax, deep nesting): fall back to the keyword scan
            return new StatementInfo(kind, scan(sql), false);
        }
    }

    private static boolean tablesAreComplete(Statement st) {
        return switch (st) {
            case Select s -> true;
            case Insert s -> true;
            case Update s -> true;
            case Delete s -> true;
            case Upsert s -> true;
            case Truncate s -> true;
            case CreateTable s -> true;
            case CreateView s -> true;
            case AlterView s -> true;
            case Alter s -> true;
            case CreateIndex s -> true;
            case RenameTableStatement s -> true;
            case Drop s -> s.getType() != null && (s.getType().equalsIgnoreCase("TABLE") || s.getType().equalsIgnoreCase("VIEW"));
            default -> false;
        };
    }

    private static List<TableRef> union(List<TableRef> a, List<TableRef> b) {
        Set<TableRef> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    /** Tables named right after FROM, JOIN, INTO, UPDATE or TABLE: the fallback when parsing fails. */
    static List<TableRef> scan(String sql) {
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
