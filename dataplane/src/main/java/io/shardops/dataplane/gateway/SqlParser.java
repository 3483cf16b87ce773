package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.MysqlError;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;

/**
 * JSqlParser with bounds for untrusted input: statements longer than {@link #MAX_PARSE_LENGTH} are
 * not parsed, and a parse that takes longer than {@link #PARSE_TIMEOUT_MS} is abandoned (JSqlParser
 * can backtrack badly on pathological nesting). Parsing runs on a small shared pool so the timeout
 * can be enforced; the caller waits at most the timeout.
 */
public final class SqlParser {
    public static final int MAX_PARSE_LENGTH = 256 * 1024;
    /**
     * Generous for a wall-clock bound: on two busy cores an ordinary statement's first parse (cold classes,
     * no JIT yet) was seen to take over 500 ms, and a client got a syntax error for valid SQL.
     */
    public static final int PARSE_TIMEOUT_MS = 5_000;
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "shardops-sql-parser");
        t.setDaemon(true);
        return t;
    });

    private SqlParser() {}

    /** The parsed statement, or a {@link io.shardops.dataplane.mysql.MysqlException} with a syntax error. */
    public static Statement parse(String sql) {
        if (sql.length() > MAX_PARSE_LENGTH) {
            throw MysqlError.notSupported("statement of " + sql.length() + " characters is too long to route (limit "
                    + MAX_PARSE_LENGTH + "); target a shard with 'use keyspace/shard' to send it unparsed").exception();
        }
        try {
            Statement st = CCJSqlParserUtil.parseStatement(
                    CCJSqlParserUtil.newParser(sql).withTimeOut(PARSE_TIMEOUT_MS).withBackslashEscapeCharacter(true), POOL);  // MySQL's '\'' escapes, as drivers write them
            if (st == null) {
                throw MysqlError.syntax("empty statement").exception();
            }
            return st;
        } catch (JSQLParserException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            if (msg.contains("Time out occurred")) {
                throw MysqlError.notSupported("statement took longer than " + PARSE_TIMEOUT_MS + " ms to parse at the gateway;"
                        + " simplify it, or target a shard with 'use keyspace/shard' to send it unparsed").exception();
            }
            throw MysqlError.syntax("syntax error or unsupported SQL at the gateway: " + msg).exception();
        }
    }
}
