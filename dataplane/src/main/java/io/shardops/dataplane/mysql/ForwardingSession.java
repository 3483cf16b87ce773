package io.shardops.dataplane.mysql;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A session that hands every command to one backend connection of its own, forwarding the
 * answers as raw packets: a MySQL proxy with no routing. Session state (SET, transactions, the
 * current database) lives on the backend connection, which closes with the client. The base
 * for a query service that sits in front of one mysqld; {@link #allow} is its hook for query rules.
 */
public class ForwardingSession implements SessionHandler {
    private final NetClient client;
    private final BackendEndpoint endpoint;
    private BackendConnection backend;

    public ForwardingSession(NetClient client, BackendEndpoint endpoint) {
        this.client = client;
        this.endpoint = endpoint;
    }

    @Override
    public Future<Void> connected(Session session) {
        BackendEndpoint target = session.database() != null ? endpoint.withDatabase(session.database()) : endpoint;
        return BackendConnection.connect(client, target).map(c -> {
            backend = c;
            return null;
        });
    }

    /** Null to run the statement, or the error to answer instead. */
    protected MysqlError allow(String sql) {
        return null;
    }

    @Override
    public void query(String sql, ResultSink sink) {
        MysqlError denied = allow(sql);
        if (denied != null) {
            sink.error(denied);
            return;
        }
        backend.forwardQuery(sql, sink);
    }

    @Override
    public void initDb(String database, ResultSink sink) {
        Buffer cmd = Buffer.buffer().appendByte((byte) Commands.COM_INIT_DB).appendBytes(database.getBytes(StandardCharsets.UTF_8));
        backend.forward(cmd, ResponseTracker.Shape.SIMPLE, sink);
    }

    @Override
    public void ping(ResultSink sink) {
        backend.forward(Buffer.buffer(1).appendByte((byte) Commands.COM_PING), ResponseTracker.Shape.SIMPLE, sink);
    }

    @Override
    public void fieldList(String table, String wildcard, ResultSink sink) {
        Buffer cmd = Buffer.buffer().appendByte((byte) Commands.COM_FIELD_LIST)
                .appendBytes(table.getBytes(StandardCharsets.UTF_8)).appendByte((byte) 0)
                .appendBytes(wildcard.getBytes(StandardCharsets.UTF_8));
        backend.forward(cmd, ResponseTracker.Shape.FIELD_LIST, sink);
    }

    @Override
    public Future<List<ColumnDefinition>> describe(String sql) {
        return backend.describe(sql);
    }

    @Override
    public void closed() {
        if (backend != null) {
            backend.close();
        }
    }
}
