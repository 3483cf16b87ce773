package io.shardops.reconciler.gitops.server;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes connections whose client is too slow to send a request: the headers must be in within the
 * header timeout of the connection's start (or of the end of its previous response), and the body within
 * the request timeout of the headers. Vert.x's idle timeout alone is not enough: a client that sends one
 * byte every few seconds is never idle. A connection streaming a response (the console's events) is not
 * affected: its request is complete.
 */
final class RequestDeadlines {
    private final Vertx vertx;
    private final long headerMillis;
    private final long requestMillis;
    /** The header deadline timer of each connection waiting for a request. */
    private final Map<HttpConnection, Long> waiting = new ConcurrentHashMap<>();

    RequestDeadlines(Vertx vertx, WebOptions options) {
        this.vertx = vertx;
        this.headerMillis = Math.max(1, options.headerTimeout().toMillis());
        this.requestMillis = Math.max(1, options.requestTimeout().toMillis());
    }

    void opened(HttpConnection connection) {
        awaitHeaders(connection);
        connection.closeHandler(v -> {
            Long timer = waiting.remove(connection);
            if (timer != null) {
                vertx.cancelTimer(timer);
            }
        });
    }

    /** The request's headers are in: the header deadline ends, the body's begins; after the response, the next request's headers are awaited. */
    void headersIn(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        Long timer = waiting.remove(connection);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
        long bodyTimer = vertx.setTimer(requestMillis, id -> {
            if (!request.isEnded()) {
                connection.close();
            }
        });
        request.response().endHandler(v -> {
            vertx.cancelTimer(bodyTimer);
            awaitHeaders(connection);
        });
        request.response().closeHandler(v -> vertx.cancelTimer(bodyTimer));
    }

    private void awaitHeaders(HttpConnection connection) {
        long timer = vertx.setTimer(headerMillis, id -> {
            if (waiting.remove(connection) != null) {
                connection.close();
            }
        });
        Long previous = waiting.put(connection, timer);
        if (previous != null) {
            vertx.cancelTimer(previous);
        }
    }
}
