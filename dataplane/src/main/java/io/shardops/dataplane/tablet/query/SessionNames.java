package io.shardops.dataplane.tablet.query;

import io.shardops.dataplane.mysql.SqlLexer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The session state of one connection that decides which tables a statement touches: SQL-level
 * prepared statements ({@code PREPARE s FROM '...'} is analysed when prepared; {@code EXECUTE s} is
 * checked as that text), HANDLER names, and whether a SET changed how text is read. Not thread-safe:
 * one per session, used on its event loop.
 */
final class SessionNames {
    /** What each SQL-level prepared statement of this session runs (lowercase name). */
    private final Map<String, StatementInfo> preparedTexts = new HashMap<>();
    /** The table behind each open HANDLER name (alias or table name, lowercase). */
    private final Map<String, TableRef> handlers = new HashMap<>();
    /**
     * A statement whose effect on the session was not followed ran (a multi-statement text, a CALL): a
     * HANDLER name not seen opened may stand for any table.
     */
    private boolean untracked;
    /** A SET changed sql_mode or the character set so that quoting reads differently (see {@link TextReading}). */
    private boolean readingChanged;

    /**
     * The statement as the rules must see it in this session: EXECUTE as the text prepared under its name
     * (unknown: unanalysable), PREPARE as the text it prepares, HANDLER READ as the table its name was opened
     * on; and any statement whose quoting reads differently after this session's SET as unanalysable.
     */
    StatementInfo asRun(SqlLexer.Lexed lexed, StatementInfo info) {
        if (readingChanged && lexed.readingDependsOnMode()) {
            return StatementInfo.unanalysable(info.kind().writes() ? info.kind() : StatementKind.WRITE);
        }
        if (info.session().isEmpty()) {
            return info;
        }
        return switch (info.session().get()) {
            case SessionStatement.Prepare p -> p.text();
            case SessionStatement.Execute e -> preparedTexts.getOrDefault(e.name(), StatementInfo.unanalysable(info.kind()));
            case SessionStatement.Deallocate d -> info;
            case SessionStatement.HandlerOpen h -> info;
            case SessionStatement.HandlerUse h -> {
                TableRef t = handlers.get(h.name());
                if (t == null && untracked) {
                    yield StatementInfo.unanalysable(info.kind());
                }
                yield new StatementInfo(info.kind(), List.of(t == null ? new TableRef(null, h.name()) : t), true);
            }
        };
    }

    /** Follows what an allowed statement did to the session's names ({@code effective}: what {@link #asRun} gave). */
    void ran(StatementAnalyzer.Lookup lookup, StatementInfo info, StatementInfo effective) {
        if (lookup.lexed().firstKeyword().equals("SET") && TextReading.changesReading(lookup.sql())) {
            readingChanged = true;
        }
        if (!effective.parsed() && info.session().isEmpty()) {
            // a multi-statement text or a stored procedure may have prepared or opened anything
            preparedTexts.clear();
            handlers.clear();
            untracked = true;
        }
        info.session().ifPresent(s -> {
            switch (s) {
                case SessionStatement.Prepare p -> preparedTexts.put(p.name(), p.text());
                case SessionStatement.Deallocate d -> preparedTexts.remove(d.name());
                case SessionStatement.HandlerOpen h -> handlers.put(h.alias(), h.table());
                case SessionStatement.Execute e -> { }
                case SessionStatement.HandlerUse h -> { }
            }
        });
    }
}
