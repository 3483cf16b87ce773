package io.shardops.dataplane.mysql;

import io.vertx.core.Future;
import java.util.List;

/**
 * A connection that runs statements one at a time, as the gateway needs one to a tablet: over the
 * MySQL protocol ({@link BackendConnection}) or handed to a tablet's query service in the same JVM.
 * All calls come from the event loop the connection was opened on.
 */
public interface QueryConnection {

    /**
     * Runs SQL and streams its response into {@code sink}; the Future completes when the response has
     * been read to its end, so the connection can be reused.
     */
    Future<Void> forwardQuery(String sql, ResultSink sink);

    /**
     * Executes a prepared statement as is (prepared on this connection's server once) and streams its
     * binary answer into {@code sink}; completes as {@link #forwardQuery} does.
     */
    Future<Void> forwardExecute(StatementExecution execution, ResultSink sink);

    /** Runs SQL and decodes every result; an ERR fails the Future with a {@link MysqlException}. */
    Future<List<QueryResponse>> query(String sql);

    /** The result columns a prepared statement of {@code sql} would have. */
    Future<List<ColumnDefinition>> describe(String sql);

    boolean isClosed();

    /**
     * The session settings this connection carries, as its user tagged them (null: the connection's defaults).
     * A pool prefers a connection already tagged with what the next statement needs.
     */
    Object settings();

    void settings(Object settings);

    /**
     * Stops the statement running on this connection (KILL QUERY), or ends the connection on the server's side
     * (KILL CONNECTION), from a connection of its own; this connection is left to see the error.
     */
    Future<Void> kill(boolean queryOnly);

    /** Whether the last response said a transaction is open on this connection. */
    boolean inTransaction();

    /** Ends the connection; a transaction left open on it is rolled back. */
    void close();

    /**
     * Ends the connection now, failing a statement in flight with {@code reason}: its server stopped being what the
     * statement was sent to (a primary replaced by a failover), and waiting for it may take as long as a partition.
     */
    default void abort(String reason) {
        close();
    }

    /** Runs SQL expected to give one result set (or fails). */
    default Future<ResultSet> queryResultSet(String sql) {
        return query(sql).compose(results -> {
            for (QueryResponse q : results) {
                if (q instanceof ResultSet rs) {
                    return Future.succeededFuture(rs);
                }
            }
            return Future.failedFuture(MysqlError.unknown("statement returned no rows: " + sql).exception());
        });
    }

    /** Runs SQL expected to give an OK (or fails). */
    default Future<OkPacket> execute(String sql) {
        return query(sql).map(results -> switch (results.get(results.size() - 1)) {
            case OkPacket ok -> ok;
            case ResultSet rows -> OkPacket.EMPTY;
        });
    }
}
