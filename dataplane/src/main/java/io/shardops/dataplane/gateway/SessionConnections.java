package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.BackendPool;
import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.MysqlException;
import io.shardops.dataplane.mysql.OkPacket;
import io.shardops.dataplane.mysql.QueryConnection;
import io.shardops.dataplane.mysql.ResultSink;
import io.shardops.dataplane.mysql.ServerStatus;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tablet connections of one gateway session and its transaction. Outside a transaction each
 * statement borrows a pooled tablet connection; inside one, every shard touched keeps its connection
 * (with BEGIN sent) until COMMIT or ROLLBACK. A commit that spans shards commits them one after
 * another: best-effort, not atomic. Once the session made state no pool can carry, its connections
 * are reserved to it. Every connection carries the session's settings.
 */
final class SessionConnections {
    private final GatewayServer gateway;
    private final TabletPools pools;
    private boolean inTransaction;
    private boolean autocommit = true;
    private final Map<ShardTarget, Pinned> pinned = new LinkedHashMap<>();
    /** The transaction's SAVEPOINT statements in order, replayed on each shard it touches later. */
    private final List<String> savepoints = new ArrayList<>();
    /**
     * Connections reserved to this session for the rest of its life, one per shard, once it made state no
     * pool can carry (a temporary table, a named lock, LOCK TABLES, a SQL-level prepared statement).
     */
    private final Map<ShardTarget, Pinned> reserved = new LinkedHashMap<>();
    private boolean reserving;
    /** What every backend connection running this session's statements must carry; null for the connections' start. */
    private SessionSettings settings;
    /** {@code SET TRANSACTION ...} without a scope: sent before the next transaction's BEGIN only. */
    private String nextTransaction;
    /** Backend connections running a statement of this session now: what KILL stops. */
    private final List<QueryConnection> running = new ArrayList<>(2);

    private record Pinned(BackendPool<QueryConnection> pool, QueryConnection connection) {}

    SessionConnections(GatewayServer gateway, TabletPools pools) {
        this.gateway = gateway;
        this.pools = pools;
    }

    /** A connection for one statement: pinned inside a transaction, else borrowed and given back by {@link #done}. */
    final class Lease {
        private final BackendPool<QueryConnection> pool;
        final QueryConnection connection;
        private final boolean borrowed;

        Lease(BackendPool<QueryConnection> pool, QueryConnection connection, boolean borrowed) {
            this.pool = pool;
            this.connection = connection;
            this.borrowed = borrowed;
            running.add(connection);
        }

        void done() {
            running.remove(connection);
            if (borrowed) {
                pool.release(connection);
            }
        }
    }

    /** Statements of this session are held for a primary switch only outside a transaction: one is never sent twice. */
    boolean transactional() {
        return inTransaction || !autocommit;
    }

    boolean autocommit() {
        return autocommit;
    }

    SessionSettings settings() {
        return settings;
    }

    /** The session's settings from now on; null for the connections' start. */
    void settings(SessionSettings settings) {
        this.settings = settings;
    }

    void nextTransaction(String characteristics) {
        nextTransaction = characteristics;
    }

    /** Whether the transaction has a connection on shard {@code t}. */
    boolean pinnedOn(ShardTarget t) {
        return pinned.containsKey(t);
    }

    /** A statement that makes state no pool carries: the session's connections are its own from now on. */
    void reserveFor(String sql) {
        if (!reserving && SessionStatements.needsReservedConnection(sql)) {
            reserving = true;
            reserved.putAll(pinned);  // a transaction's connections are the session's from now on
        }
    }

    OkPacket status(OkPacket ok) {
        int flags = (autocommit ? ServerStatus.SERVER_STATUS_AUTOCOMMIT : 0) | (inTransaction ? ServerStatus.SERVER_STATUS_IN_TRANS : 0);
        return ok.withStatus(flags);
    }

    Future<Lease> lease(ShardTarget t) {
        return lease(t, inTransaction || !autocommit);
    }

    Future<Lease> lease(ShardTarget t, boolean transactional) {
        if (reserving) {
            return reservedLease(t, transactional);
        }
        if (transactional) {
            inTransaction = true;
            Pinned p = pinned.get(t);
            if (p != null && !p.connection().isClosed()) {
                return carrying(p.connection()).map(c -> new Lease(p.pool(), c, false));
            }
            BackendPool<QueryConnection> pool = pools.pool(gateway.routing(), t);
            String characteristics = nextTransaction;
            List<String> taken = List.copyOf(savepoints);
            return pool.acquire(settings).compose(c -> carrying(c)
                    .compose(v -> characteristics == null ? Future.succeededFuture() : c.execute("SET TRANSACTION " + characteristics))
                    .compose(v -> c.execute("begin"))
                    .compose(v -> replay(c, taken))  // savepoints set before this shard joined hold here too
                    .recover(e -> {
                        pool.discard(c);
                        return Future.failedFuture(e);
                    })
                    .map(ok -> {
                        nextTransaction = null;
                        pinned.put(t, new Pinned(pool, c));
                        return new Lease(pool, c, false);
                    }));
        }
        BackendPool<QueryConnection> pool = pools.pool(gateway.routing(), t);
        QueryConnection ready = pool.tryAcquire(settings);
        if (ready != null && carriesAlready(ready, settings)) {
            return Future.succeededFuture(new Lease(pool, ready, true));  // the common case: no SET, no Future chain
        }
        Future<QueryConnection> acquired = ready != null ? Future.succeededFuture(ready) : pool.acquire(settings);
        return acquired.compose(c -> carrying(c).map(v -> new Lease(pool, c, true)).recover(e -> {
            pool.discard(c);  // a SET that failed half way leaves the connection's state unknown
            return Future.failedFuture(e);
        }));
    }

    /** A statement of a session with reserved connections: always that shard's reserved connection (BEGIN sent in a transaction). */
    private Future<Lease> reservedLease(ShardTarget t, boolean transactional) {
        Pinned held = reserved.get(t);
        Future<Pinned> connection;
        if (held != null && !held.connection().isClosed()) {
            connection = carrying(held.connection()).map(c -> held);
        } else {
            BackendPool<QueryConnection> pool = pools.pool(gateway.routing(), t);
            connection = pool.acquire(settings).compose(c -> carrying(c).recover(e -> {
                pool.discard(c);
                return Future.failedFuture(e);
            }).map(c2 -> {
                Pinned p = new Pinned(pool, c);
                reserved.put(t, p);
                return p;
            }));
        }
        return connection.compose(p -> {
            if (!transactional || pinned.get(t) == p) {
                return Future.succeededFuture(new Lease(p.pool(), p.connection(), false));
            }
            inTransaction = true;
            String characteristics = nextTransaction;
            List<String> taken = List.copyOf(savepoints);
            return (characteristics == null ? Future.<OkPacket>succeededFuture() : p.connection().execute("SET TRANSACTION " + characteristics))
                    .compose(v -> p.connection().execute("begin"))
                    .compose(v -> replay(p.connection(), taken))  // savepoints set before this shard joined hold here too
                    .map(ok -> {
                        nextTransaction = null;
                        pinned.put(t, p);
                        return new Lease(p.pool(), p.connection(), false);
                    });
        });
    }

    /**
     * The connection, carrying this session's settings: nothing is sent when it carries them already (the common
     * case, as the pool hands out connections tagged with the same settings first), else one SET.
     */
    private Future<QueryConnection> carrying(QueryConnection c) {
        return carrying(c, settings);
    }

    /**
     * Whether {@code c} carries {@code wanted} already (then it is tagged with them): the same settings object, or
     * equal settings another session of a pool left on it, as connection pools set the same NAMES and time zone
     * on every session.
     */
    private static boolean carriesAlready(QueryConnection c, SessionSettings wanted) {
        Object has = c.settings();
        if (has == wanted) {
            return true;
        }
        SessionSettings want = wanted == null ? SessionSettings.BASELINE : wanted;
        if (want.equals(has == null ? SessionSettings.BASELINE : has)) {
            c.settings(wanted);
            return true;
        }
        return false;
    }

    /** {@code c} carrying {@code wanted} (null: the connections' start), with one SET when it carries other settings. */
    static Future<QueryConnection> carrying(QueryConnection c, SessionSettings wanted) {
        Object has = c.settings();
        if (has == wanted) {
            return Future.succeededFuture(c);
        }
        String sql = (wanted == null ? SessionSettings.BASELINE : wanted).transitionFrom((SessionSettings) has);
        if (sql == null) {
            c.settings(wanted);
            return Future.succeededFuture(c);
        }
        return c.execute(sql).map(ok -> {
            c.settings(wanted);
            return c;
        });
    }

    void transaction(Route.Transaction.Kind kind, ResultSink sink) {
        switch (kind) {
            case BEGIN -> {
                Future<Void> prior = inTransaction ? finish("commit") : Future.succeededFuture();
                prior.onComplete(ar -> {
                    inTransaction = true;
                    sink.ok(status(OkPacket.EMPTY));
                });
            }
            case COMMIT -> finish("commit").onSuccess(v -> sink.ok(status(OkPacket.EMPTY))).onFailure(sink::fail);
            case ROLLBACK -> finish("rollback").onSuccess(v -> sink.ok(status(OkPacket.EMPTY))).onFailure(sink::fail);
            case AUTOCOMMIT_OFF -> {
                autocommit = false;
                sink.ok(status(OkPacket.EMPTY));
            }
            case AUTOCOMMIT_ON -> finish("commit").onComplete(ar -> {
                autocommit = true;
                if (ar.failed()) {
                    sink.fail(ar.cause());
                } else {
                    sink.ok(status(OkPacket.EMPTY));
                }
            });
        }
    }

    /** Commits or rolls back every pinned shard, one after another; the first failure is reported after all were tried. */
    private Future<Void> finish(String verb) {
        List<Pinned> shards = new ArrayList<>(pinned.values());
        pinned.clear();
        savepoints.clear();
        inTransaction = false;
        Future<Void> chain = Future.succeededFuture();
        MysqlError[] firstError = {null};
        for (Pinned p : shards) {
            chain = chain.compose(v -> p.connection().execute(verb).transform(ar -> {
                if (ar.failed() && firstError[0] == null) {
                    firstError[0] = MysqlException.toError(ar.cause());
                }
                if (!reserved.containsValue(p)) {
                    p.pool().release(p.connection());
                }
                return Future.<Void>succeededFuture();
            }));
        }
        return chain.compose(v -> firstError[0] == null ? Future.<Void>succeededFuture()
                : Future.failedFuture(new MysqlError(firstError[0].code(), firstError[0].sqlState(),
                        verb + " failed on a shard (other shards were still " + verb + "ted: multi-shard commit is best-effort): "
                                + firstError[0].message()).exception()));
    }

    /**
     * SAVEPOINT, ROLLBACK TO SAVEPOINT and RELEASE SAVEPOINT on every shard of the transaction, and noted so a
     * shard the transaction touches later takes them too. Outside a transaction a savepoint ends with its
     * statement, as in MySQL.
     */
    void savepoint(String sql, ResultSink sink) {
        boolean set = StatementWords.firstWord(sql).equals("savepoint");
        if (!inTransaction && autocommit) {
            if (set) {
                sink.ok(status(OkPacket.EMPTY));
            } else {
                sink.error(new MysqlError(1305, "42000", "SAVEPOINT does not exist: " + sql));
            }
            return;
        }
        inTransaction = true;
        savepoints.add(sql);
        Future<Void> chain = Future.succeededFuture();
        for (Pinned p : new ArrayList<>(pinned.values())) {
            chain = chain.compose(v -> p.connection().execute(sql).mapEmpty());
        }
        chain.onSuccess(v -> sink.ok(status(OkPacket.EMPTY))).onFailure(e -> {
            savepoints.remove(savepoints.size() - 1);
            sink.fail(e);
        });
    }

    private static Future<Void> replay(QueryConnection c, List<String> statements) {
        Future<Void> chain = Future.succeededFuture();
        for (String sql : statements) {
            chain = chain.compose(v -> c.execute(sql).mapEmpty());
        }
        return chain;
    }

    /** COM_RESET_CONNECTION: an open transaction rolled back, reserved connections dropped, settings back to {@code start}. */
    Future<Void> reset(SessionSettings start) {
        Future<Void> open = inTransaction ? finish("rollback") : Future.succeededFuture();
        return open.transform(ar -> {
            for (Pinned p : reserved.values()) {
                p.pool().discard(p.connection());  // with the temporary tables and locks the session made
            }
            reserved.clear();
            reserving = false;
            autocommit = true;
            settings = start;
            nextTransaction = null;
            return Future.<Void>succeededFuture();
        });
    }

    /** The client is gone: every connection it held is closed. */
    void closed() {
        for (Pinned p : pinned.values()) {
            p.pool().discard(p.connection());  // closing rolls back what the client left open
        }
        for (Pinned p : reserved.values()) {
            if (!pinned.containsValue(p)) {
                p.pool().discard(p.connection());  // and drops its temporary tables and locks
            }
        }
        pinned.clear();
        reserved.clear();
    }

    /** KILL: the statements running now, and for KILL CONNECTION every connection the session holds. */
    Future<?> kill(boolean queryOnly) {
        List<Future<Void>> kills = new ArrayList<>();
        for (QueryConnection c : List.copyOf(running)) {
            kills.add(c.kill(queryOnly));
        }
        if (!queryOnly) {
            Set<QueryConnection> held = new HashSet<>();
            pinned.values().forEach(p -> held.add(p.connection()));
            reserved.values().forEach(p -> held.add(p.connection()));
            for (QueryConnection c : held) {
                if (!running.contains(c)) {
                    kills.add(c.kill(false));
                }
            }
        }
        return Future.join(kills);
    }
}
