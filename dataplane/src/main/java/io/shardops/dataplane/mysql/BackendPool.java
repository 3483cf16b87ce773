package io.shardops.dataplane.mysql;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.net.NetClient;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Idle connections to one backend, for one event loop (no locking: every call comes from that
 * loop). At most {@code maxSize} connections exist; callers beyond that wait in order.
 *
 * @param <C> MySQL protocol connections ({@link #tcp}), or a tablet's sessions opened in process
 */
public final class BackendPool<C extends QueryConnection> {
    private final String endpoint;
    private final Supplier<Future<C>> connector;
    private final int maxSize;
    private final ArrayDeque<C> idle = new ArrayDeque<>();
    private final ArrayDeque<Promise<C>> waiters = new ArrayDeque<>();
    /** Connections handed out and not given back: what {@link #abandon} ends. */
    private final Set<C> inUse = Collections.newSetFromMap(new IdentityHashMap<>());
    private int open;
    private boolean closed;

    /**
     * @param endpoint  what the connections reach, for messages
     * @param connector opens one connection (called on the pool's event loop)
     */
    public BackendPool(String endpoint, Supplier<Future<C>> connector, int maxSize) {
        this.endpoint = endpoint;
        this.connector = connector;
        this.maxSize = maxSize;
    }

    /** A pool of MySQL protocol connections to {@code endpoint}. */
    public static BackendPool<BackendConnection> tcp(NetClient client, BackendEndpoint endpoint, int maxSize) {
        return new BackendPool<>(endpoint.toString(), () -> BackendConnection.connect(client, endpoint), maxSize);
    }

    public Future<C> acquire() {
        return acquire(null);
    }

    /**
     * A connection, preferring an idle one whose {@link QueryConnection#settings} equal {@code settings}, so a
     * session's settings are sent only when no connection carries them yet.
     */
    public Future<C> acquire(Object settings) {
        if (closed) {
            return Future.failedFuture(MysqlError.unknown("pool for " + endpoint + " is closed").exception());
        }
        C c = takeIdle(settings);
        if (c != null) {
            inUse.add(c);
            return Future.succeededFuture(c);
        }
        if (open < maxSize) {
            open++;
            return connector.get().onFailure(t -> {
                open--;
                wakeOne();
            }).onSuccess(inUse::add);
        }
        Promise<C> p = Promise.promise();
        waiters.add(p);
        return p.future();
    }

    /**
     * An idle connection now, without a Future (the statement path asks once per statement), preferring one whose
     * settings equal {@code settings}; null when none is idle (then {@link #acquire(Object)} opens or waits).
     */
    public C tryAcquire(Object settings) {
        C c = closed ? null : takeIdle(settings);
        if (c != null) {
            inUse.add(c);
        }
        return c;
    }

    private C takeIdle(Object settings) {
        if (idle.size() > 1) {
            Iterator<C> it = idle.descendingIterator();
            while (it.hasNext()) {
                C c = it.next();
                if (Objects.equals(c.settings(), settings) && !c.isClosed()) {
                    it.remove();
                    return c;
                }
            }
        }
        while (!idle.isEmpty()) {
            C c = idle.pollLast();
            if (!c.isClosed()) {
                return c;
            }
            c.close();  // frees what a connection that ended on its own side still holds
            open--;
        }
        return null;
    }

    /** Returns a connection; a broken one or one left inside a transaction is closed instead. */
    public void release(C c) {
        if (c.isClosed() || c.inTransaction() || closed) {
            discard(c);
            return;
        }
        Promise<C> w = waiters.poll();
        if (w != null) {
            w.complete(c);  // stays in use
        } else {
            inUse.remove(c);
            idle.add(c);
        }
    }

    public void discard(C c) {
        inUse.remove(c);
        c.close();
        open--;
        wakeOne();
    }

    private void wakeOne() {
        Promise<C> w = waiters.poll();
        if (w != null) {
            acquire().onComplete(w);
        }
    }

    /** Runs {@code body} on a pooled connection and gives it back afterwards. */
    public <T> Future<T> withConnection(Function<C, Future<T>> body) {
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

    /**
     * Closes the pool and ends its connections in use too, failing their statements with {@code reason}: for a
     * tablet that is no longer what it was routed as (a primary after a failover), where a statement in flight
     * could otherwise wait as long as a partition lasts.
     */
    public void abandon(String reason) {
        close();
        for (C c : List.copyOf(inUse)) {
            c.abort(reason);
        }
        inUse.clear();
    }

    public int openConnections() {
        return open;
    }
}
