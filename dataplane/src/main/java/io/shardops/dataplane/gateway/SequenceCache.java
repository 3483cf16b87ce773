package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.ResultSet;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Ids of one sequence table, served from memory as Vitess does: a refill reserves a block of
 * {@code max(cache, n)} ids by advancing the row's {@code next_id} in one transaction on the
 * sequence keyspace's primary; ids left in a block when the gateway stops are never used.
 * Requests that arrive during a refill wait for it, in order.
 */
final class SequenceCache {
    /** Runs SQL statements in one transaction on the sequence's primary: the reservation. */
    interface Reserver {
        /** Locks the row, reads next_id and cache, advances next_id by max(cache, n); returns the first reserved id and the count. */
        Future<long[]> reserve(long n);
    }

    private long next;
    private long limit;
    private boolean refilling;
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();

    private record Waiter(long n, Promise<Long> promise) {}

    /** The first of {@code n} consecutive ids; {@code reserver} refills the cache when it runs short. */
    Future<Long> take(long n, Reserver reserver) {
        if (n <= 0) {
            return Future.failedFuture(MysqlError.unknown("sequence: the number of values must be positive").exception());
        }
        Promise<Long> p = Promise.promise();
        boolean startRefill;
        synchronized (this) {
            if (!refilling && limit - next >= n) {
                long first = next;
                next += n;
                return Future.succeededFuture(first);
            }
            waiting.add(new Waiter(n, p));
            startRefill = !refilling;
            refilling = true;
        }
        if (startRefill) {
            reserver.reserve(n).onComplete(ar -> {
                List<Waiter> run;
                synchronized (this) {
                    refilling = false;
                    if (ar.succeeded()) {
                        next = ar.result()[0];
                        limit = ar.result()[0] + ar.result()[1];
                    }
                    run = new ArrayList<>(waiting);
                    waiting.clear();
                }
                for (Waiter w : run) {
                    if (ar.failed()) {
                        w.promise().fail(ar.cause());
                    } else {
                        take(w.n(), reserver).onComplete(w.promise());
                    }
                }
            });
        }
        return p.future();
    }

    /** The reservation statements, given a way to run SQL inside a transaction and read a result. */
    static Future<long[]> reserveWith(String table, long n, Function<String, Future<ResultSet>> select,
                                      Function<String, Future<Void>> execute) {
        return select.apply("select next_id, cache from " + table + " where id = 0 for update").compose(rs -> {
            if (rs.rows().isEmpty()) {
                return Future.failedFuture(MysqlError.unknown("sequence table " + table
                        + " has no row with id 0: insert into " + table + "(id, next_id, cache) values(0, 1, 1000)").exception());
            }
            long nextId = Long.parseLong(rs.text(0, 0));
            long cache = Math.max(1, Long.parseLong(rs.text(0, 1)));
            long block = Math.max(cache, n);
            return execute.apply("update " + table + " set next_id = " + (nextId + block) + " where id = 0")
                    .map(v -> new long[] {nextId, block});
        });
    }
}
