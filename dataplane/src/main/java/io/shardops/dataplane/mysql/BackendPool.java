package io.shardops.dataplane.mysql;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.net.NetClient;
import java.util.ArrayDeque;

/**
 * Idle connections to one backend, for one event loop (no locking: every call comes from that
 * loop). At most {@code maxSize} connections exist; callers beyond that wait in order.
 */
public final class BackendPool {
    private final NetClient client;
    private final BackendEndpoint endpoint;
    private final int maxSize;
    private final ArrayDeque<BackendConnection> idle = new ArrayDeque<>();
    private final ArrayDeque<Promise<BackendConnection>> waiters = new ArrayDeque<>();
    private int open;
    private boolean closed;

    public BackendPool(NetClient client, BackendEndpoint endpoint, int maxSize) {
        this.client = client;
        this.endpoint = endpoint;
        this.maxSize = maxSize;
    }

    public BackendEndpoint endpoint() {
        return endpoint;
    }

    public Future<BackendConnection> acquire() {
        if (closed) {
            return Future.failedFuture(MysqlError.unknown("pool for " + endpoint + " is closed").exception());
        }
        while (!idle.isEmpty()) {
            BackendConnection c = idle.pollLast();
            if (!c.isClosed()) {
                return Future.succeededFuture(c);
            }
            open--;
        }
        if (open < maxSize) {
            open++;
            return BackendConnection.connect(client, endpoint).onFailure(t -> {
                open--;
                wakeOne();
            });
        }
        Promise<BackendConnection> p = Promise.promise();
        waiters.add(p);
        return p.future();
    }

    /** Returns a connection; a broken one or one left inside a transaction is closed instead. */
    public void release(BackendConnection c) {
        if (c.isClosed() || c.inTransaction() || closed) {
            discard(c);
            return;
        }
        Promise<BackendConnection> w = waiters.poll();
        if (w != null) {
            w.complete(c);
        } else {
            idle.add(c);
        }
    }

    public void discard(BackendConnection c) {
        c.close();
        open--;
        wakeOne();
    }

    private void wakeOne() {
        Promise<BackendConnection> w = waiters.poll();
        if (w != null) {
            acquire().onComplete(w);
        }
    }

    /** Runs {@code body} on a pooled connection and gives it back afterwards. */
    public <T> Future<T> withConnection(java.util.function.Function<BackendConnection, Future<T>> body) {
        return acquire().compose(c -> {
            Future<T> f;
            try {
                f = body.apply(c);
            } catch (RuntimeException e) {
                f = Future.failedFuture(e);
            }
            return f.andThen(ar -> release(c));
        });
    }

    public void close() {
        closed = true;
        while (!idle.isEmpty()) {
            idle.poll().close();
        }
        while (!waiters.isEmpty()) {
            waiters.poll().tryFail(MysqlError.unknown("pool for " + endpoint + " is closed").exception());
        }
    }

    public int openConnections() {
        return open;
    }
}
