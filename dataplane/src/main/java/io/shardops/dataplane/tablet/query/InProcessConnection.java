package io.shardops.dataplane.tablet.query;

import io.shardops.dataplane.mysql.ColumnDefinition;
import io.shardops.dataplane.mysql.DecodingSink;
import io.shardops.dataplane.mysql.NotifyingSink;
import io.shardops.dataplane.mysql.QueryConnection;
import io.shardops.dataplane.mysql.QueryResponse;
import io.shardops.dataplane.mysql.ResultSink;
import io.shardops.dataplane.mysql.StatementExecution;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Consumer;

/**
 * A gateway's connection to a tablet of the same JVM: each statement goes to the tablet's
 * {@link TabletSession} as the query service's server would hand it over, and the session streams
 * MariaDB's answer into the gateway's sink. Lives on the event loop that opened it.
 */
final class InProcessConnection implements QueryConnection {
    private final QueryService service;
    private final TabletSession session;
    private final Context context;
    private boolean closed;
    private Object settings;
    private int settingsGeneration;

    InProcessConnection(QueryService service, TabletSession session, Context context) {
        this.service = service;
        this.session = session;
        this.context = context;
    }

    @Override
    public Future<Void> forwardQuery(String sql, ResultSink sink) {
        return answer(sink, answered -> session.query(sql, answered));
    }

    @Override
    public Future<Void> forwardExecute(StatementExecution execution, ResultSink sink) {
        return answer(sink, answered -> session.execute(execution, answered));
    }

    private Future<Void> answer(ResultSink sink, Consumer<ResultSink> command) {
        if (isClosed()) {
            sink.error(service.stopped());
            return Future.failedFuture(service.stopped().exception());
        }
        NotifyingSink answered = new NotifyingSink(sink);
        command.accept(answered);
        // a session whose MariaDB broke mid-answer ends, as the server closes a client it cannot answer
        return answered.done().onFailure(t -> close());
    }

    @Override
    public Future<List<QueryResponse>> query(String sql) {
        if (isClosed()) {
            return Future.failedFuture(service.stopped().exception());
        }
        DecodingSink results = new DecodingSink();
        session.query(sql, results);
        return results.results();
    }

    @Override
    public Future<List<ColumnDefinition>> describe(String sql) {
        return isClosed() ? Future.failedFuture(service.stopped().exception()) : session.describe(sql);
    }

    @Override
    public Object settings() {
        // the session's MariaDB connection was replaced (it broke): a new one carries no settings
        return settingsGeneration == session.backendGeneration() ? settings : null;
    }

    @Override
    public void settings(Object settings) {
        this.settings = settings;
        this.settingsGeneration = session.backendGeneration();
    }

    @Override
    public Future<Void> kill(boolean queryOnly) {
        return session.kill(queryOnly);
    }

    @Override
    public boolean isClosed() {
        return closed || service.isClosed();
    }

    @Override
    public boolean inTransaction() {
        return session.inTransaction();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            service.forget(this);
            session.closed();
        }
    }

    /** Closes from any thread. */
    void closeOnItsLoop() {
        context.runOnContext(v -> close());
    }
}
