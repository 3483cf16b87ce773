package io.shardops.dataplane.mysql;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * The server side's view of one client connection after authentication: one call per command,
 * never two at once (the server queues pipelined commands). Prepared statements are handled by the
 * server itself: by default it substitutes the bound parameters into the statement text as literals
 * and calls {@link #query}, converting the answer to binary rows, so a handler only needs to answer
 * SQL text; a handler that can pass the execution on to a server of its own overrides {@link #execute}.
 */
public interface SessionHandler {

    /**
     * Before {@link #connected}: how this session's client connection is ended from elsewhere (KILL CONNECTION
     * from another session); callable from any thread.
     */
    default void disconnector(Runnable disconnect) {}

    /** After authentication. A failed Future (a {@link MysqlException}) refuses the connection, e.g. for an unknown database. */
    default Future<Void> connected(Session session) {
        return Future.succeededFuture();
    }

    /** COM_QUERY, and COM_STMT_EXECUTE with its parameters substituted. */
    void query(String sql, ResultSink sink);

    /**
     * COM_STMT_EXECUTE of {@code statement} with {@code params}, its parameter block as
     * {@link PreparedStatement#executeParams} made it. The answer is a binary result: either
     * {@link ResultSink#forwardBinaryRows} and a backend's own answer to the execution, or anything
     * a {@link #query} may answer (text rows are converted). By default the parameters are
     * substituted into the text.
     */
    default void execute(PreparedStatement statement, Buffer params, ResultSink sink) {
        query(statement.bind(new PayloadReader(params)), sink);
    }

    /** COM_INIT_DB ({@code USE db} from most clients). */
    void initDb(String database, ResultSink sink);

    /**
     * COM_RESET_CONNECTION: the session goes back to how it started (settings, user variables, an open transaction
     * rolled back), as on MySQL; the client is answered when the Future completes.
     */
    default Future<Void> reset() {
        return Future.succeededFuture();
    }

    /**
     * COM_CHANGE_USER, once the new user authenticated: the session goes back to how it started, as {@link #reset}
     * does, and goes on as {@code session} (its user, database and character set). A failed Future (e.g. an
     * unknown database) ends the connection, as on MySQL. By default {@link #reset}.
     */
    default Future<Void> changeUser(Session session) {
        return reset();
    }

    /** The session's server status flags (autocommit, in transaction) for answers the server writes itself. */
    default int serverStatus() {
        return ServerStatus.SERVER_STATUS_AUTOCOMMIT;
    }

    /** COM_PING. */
    default void ping(ResultSink sink) {
        sink.ok(OkPacket.EMPTY);
    }

    /**
     * COM_FIELD_LIST: answer with {@link ResultSink#resultSet} (only its columns are sent, as the
     * command requires) or forward a backend's answer. By default no columns.
     */
    default void fieldList(String table, String wildcard, ResultSink sink) {
        sink.resultSet(new ResultSet(List.of(), List.of()));
    }

    /**
     * COM_STMT_PREPARE's metadata: the result columns the statement will have, if known. The
     * parameter count is found by the server. By default no columns are announced; they come with
     * each execution, which clients handle as MySQL's own SHOW statements.
     */
    default Future<List<ColumnDefinition>> describe(String sql) {
        return Future.succeededFuture(List.of());
    }

    /** The connection ended (COM_QUIT, client gone, or protocol error); release what it holds. */
    default void closed() {}
}
