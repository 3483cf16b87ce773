package io.shardops.reconciler.gitops.server;

import io.shardops.reconciler.gitops.console.Console;
import io.shardops.reconciler.gitops.http.JsonReply;
import io.shardops.reconciler.gitops.webhook.WebhookHandler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The reconciler's HTTP server: the GitHub webhook, the status API and the web console.
 * Routes that read state call a supplier that must return at once (a snapshot), never block.
 */
public final class ReconcilerServer implements AutoCloseable {
    /** GitHub caps payloads at 25 MB, but a push of a spec repo is far smaller; more is refused with 413. */
    public static final long MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;
    private static final long START_TIMEOUT_SECONDS = 10;

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final HttpServer server;
    private final Optional<Console> console;

    private ReconcilerServer(Vertx vertx, boolean ownsVertx, HttpServer server, Optional<Console> console) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.server = server;
        this.console = console;
    }

    /**
     * Starts listening on {@code host:port} (port 0 = any free port).
     *
     * @param webhook absent: POST /webhook answers 404, as no secret was configured
     * @param status  the body of GET /api/status
     */
    public static ReconcilerServer start(String host, int port, Optional<WebhookHandler> webhook, Supplier<JsonObject> status) {
        return start(host, port, webhook, status, Optional.empty());
    }

    /** As above, with the web console at / (closed with the server). */
    public static ReconcilerServer start(String host, int port, Optional<WebhookHandler> webhook, Supplier<JsonObject> status,
            Optional<Console> console) {
        return start(host, port, webhook, status, console, WebOptions.defaults(host, List.of()));
    }

    /** As above, with the host names and timeouts of {@code options}. */
    public static ReconcilerServer start(String host, int port, Optional<WebhookHandler> webhook, Supplier<JsonObject> status,
            Optional<Console> console, WebOptions options) {
        Vertx vertx = Vertx.vertx();
        try {
            return start(vertx, true, host, port, webhook, status, console, options);
        } catch (RuntimeException e) {
            console.ifPresent(Console::close);
            vertx.close();
            throw e;
        }
    }

    private static ReconcilerServer start(Vertx vertx, boolean ownsVertx, String host, int port,
            Optional<WebhookHandler> webhook, Supplier<JsonObject> status, Optional<Console> console, WebOptions options) {
        // Encode once here: the first JSON encoding loads and compiles Jackson, which must not happen on an event loop.
        status.get().encodePrettily();
        Router router = Router.router(vertx);
        // first, before any body is read: a request addressed to another name is a DNS-rebinding page or a misrouted client
        router.route().handler(ctx -> {
            if (options.admitsHost(ctx.request().authority())) {
                ctx.next();
            } else {
                JsonReply.reply(ctx, 421, "misdirected", "this server answers only to " + String.join(", ", options.allowedHosts())
                        + "; add the name clients use with --allowed-host NAME");
            }
        });
        webhook.ifPresent(handler -> router.post("/webhook")
                .handler(BodyHandler.create(false).setBodyLimit(MAX_WEBHOOK_BODY_BYTES).setMergeFormAttributes(false))
                .handler(handler));
        router.get("/api/status").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(status.get().encodePrettily()));
        console.ifPresent(c -> c.mount(vertx, router));
        router.route().failureHandler(ctx -> {
            int code = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
            String detail = code == 413
                    ? "the body is too large (a webhook takes up to " + MAX_WEBHOOK_BODY_BYTES + " bytes, an approval a few hundred)"
                    : code == 500 ? "internal error" : "request refused";
            JsonReply.reply(ctx, code, "refused", detail);
        });
        try {
            // HTTP/1.1 only: browsers speak HTTP/2 only over TLS, and cleartext HTTP/2 would be one more protocol to guard
            HttpServerOptions serverOptions = new HttpServerOptions()
                    .setHttp2ClearTextEnabled(false)
                    .setIdleTimeout((int) Math.max(1, options.idleTimeout().toSeconds()))
                    .setIdleTimeoutUnit(TimeUnit.SECONDS);
            RequestDeadlines deadlines = new RequestDeadlines(vertx, options);
            HttpServer server = vertx.createHttpServer(serverOptions)
                    .connectionHandler(deadlines::opened)
                    .requestHandler(request -> {
                        deadlines.headersIn(request);
                        router.handle(request);
                    })
                    .listen(port, host)
                    .toCompletionStage().toCompletableFuture()
                    .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new ReconcilerServer(vertx, ownsVertx, server, console);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getCause().getMessage()
                    + "; choose another --webhook-port", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("listening on " + host + ":" + port + " did not complete in "
                    + START_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the HTTP server", e);
        }
    }

    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        console.ifPresent(Console::close);
        try {
            server.close().toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // Closing is best effort; the Vert.x instance below releases the port regardless.
        } finally {
            if (ownsVertx) {
                try {
                    vertx.close().toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // The event loop threads are daemons; a slow close does not keep the process alive.
                }
            }
        }
    }
}
