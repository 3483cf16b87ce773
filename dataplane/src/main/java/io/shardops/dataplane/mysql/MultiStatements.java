package io.shardops.dataplane.mysql;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A COM_QUERY of several statements from a client with multi-statements on (CLIENT_MULTI_STATEMENTS in its
 * handshake, or COM_SET_OPTION): the statements run one after the other, each as a query of its own on the
 * same session, and each answers with its own result in one response, every result but the last ending with
 * SERVER_MORE_RESULTS_EXISTS, as MariaDB answers. An error ends the response: the statements after it do not run.
 */
final class MultiStatements {
    private static final Logger LOG = Logger.getLogger(MultiStatements.class.getName());
    /** MariaDB quotes at most this many bytes of the text where a syntax error is. */
    private static final int NEAR_BYTES = 80;

    private final ServerConnection c;
    private final ClientResponse response;
    private final String sql;
    private final SqlLexer.Statements statements;
    private final int steps;
    private int next;

    MultiStatements(ServerConnection connection, ClientResponse response, String sql, SqlLexer.Statements statements) {
        this.c = connection;
        this.response = response;
        this.sql = sql;
        this.statements = statements;
        this.steps = statements.texts().size() + (statements.strayAt() >= 0 ? 1 : 0);
    }

    void start() {
        runNext();
    }

    /**
     * The next statement. The one after it starts from the event loop, not from inside the answer of this one: a
     * backend connection that answered is back in its pool first, and many statements do not nest calls.
     */
    private void runNext() {
        if (c.state == ServerConnection.State.CLOSED) {
            return;
        }
        int i = next++;
        boolean last = i == steps - 1;
        ResultSink sink = response.statement(last ? null : () -> c.context.runOnContext(v -> runNext()));
        if (i == statements.texts().size()) {
            sink.error(syntaxError(sql, statements.strayAt()));
            return;
        }
        if (statements.firstTokens().get(i) < 0) {
            // only comments: MariaDB answers an empty statement with OK
            sink.ok(new OkPacket(0, 0, c.handler.serverStatus(), 0, ""));
            return;
        }
        try {
            c.handler.query(statements.texts().get(i), sink);
        } catch (MalformedPacketException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "connection " + c.connectionId + ": handler failed", e);
            if (!response.done(sink)) {
                if (response.forwarding(sink)) {
                    sink.forwardAbort("internal error: " + e);
                } else {
                    sink.fail(e);
                }
            }
        }
    }

    /**
     * MariaDB's error for text it cannot read as a statement at {@code at}: 1064 quoting the text from there
     * (at most 80 bytes, else 77 and "...") with its line.
     */
    static MysqlError syntaxError(String sql, int at) {
        String near = sql.substring(at);
        boolean cut = near.length() > NEAR_BYTES;
        if (cut) {
            int end = NEAR_BYTES - 3;
            while (end > 0 && (near.charAt(end) & 0xc0) == 0x80) {
                end--;  // not inside a UTF-8 character
            }
            near = near.substring(0, end);
        }
        int line = 1;
        for (int k = 0; k < at; k++) {
            if (sql.charAt(k) == '\n') {
                line++;
            }
        }
        return MysqlError.syntax("You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server"
                + " version for the right syntax to use near '" + StatementText.readable(near) + (cut ? "..." : "") + "' at line " + line);
    }
}
