package io.shardops.reconciler.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * sysbench tests whose every connection first sets what connection pools set (character set and time
 * zone), then prepares its statements as the stock test does: the gateway must carry those settings to
 * its tablet connections without costing the statements that follow.
 */
public final class PoolSession {
    /** The statements each connection runs once, before its first query. */
    public static final String SETTINGS = "SET NAMES utf8mb4; SET time_zone = '+00:00'";

    private PoolSession() {}

    /** Writes {@code DIR/TEST_pool_session.lua} for a stock sysbench test and answers its path, which sysbench runs in its place. */
    public static Path script(Path dir, String test) throws IOException {
        Path file = dir.resolve(test + "_pool_session.lua");
        // oltp_common's thread_init, with the pool's settings between connecting and preparing
        String lua = "require(\"" + test + "\")\n"
                + "function thread_init()\n"
                + "   drv = sysbench.sql.driver()\n"
                + "   con = drv:connect()\n"
                + "   con:query(\"SET NAMES utf8mb4\")\n"
                + "   con:query(\"SET time_zone = '+00:00'\")\n"
                + "   stmt = {}\n"
                + "   param = {}\n"
                + "   for t = 1, sysbench.opt.tables do\n"
                + "      stmt[t] = {}\n"
                + "      param[t] = {}\n"
                + "   end\n"
                + "   prepare_statements()\n"
                + "end\n";
        Files.writeString(file, lua);
        return file;
    }
}
