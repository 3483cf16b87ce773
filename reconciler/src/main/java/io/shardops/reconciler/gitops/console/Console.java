package io.shardops.reconciler.gitops.console;

import io.shardops.reconciler.apply.Approval;
import io.shardops.reconciler.apply.Approvals;
import io.shardops.reconciler.topo.TopoException;
import io.shardops.reconciler.topo.TopoStore;
import io.shardops.reconciler.topo.TopoWatch;
import io.shardops.reconciler.topo.TopologyKeys;
import io.shardops.reconciler.topo.WatchEvent;
import io.shardops.reconciler.gitops.http.JsonReply;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The web console on the reconciler's HTTP server: the page (GET /), its snapshot (GET /api/console),
 * live updates as server-sent events (GET /api/events) and approvals (POST /api/approve).
 *
 * <p>No request waits for etcd: the snapshot is read on a worker thread and kept; a change under the
 * cluster's keys reads it again (debounced) and pushes it to every open page, and so does a timer,
 * for what etcd does not hold (the watcher's record) and for pages that missed an event.
 */
public final class Console implements AutoCloseable {
    static final long DEBOUNCE_MILLIS = 200;
    static final long REFRESH_MILLIS = 3000;
    static final long REWATCH_MILLIS = 1000;
    static final long MAX_APPROVE_BODY_BYTES = 4096;
    static final int MAX_EVENT_STREAMS = 64;
    private static final int MAX_BY_CHARS = 64;
    private static final String RESOURCES = "/io/shardops/reconciler/gitops/console/";

    private final ConsoleReader reader;
    private final Optional<ConsoleToken> token;
    private final Clock clock;
    private final Set<HttpServerResponse> streams = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean refreshPending = new AtomicBoolean();
    private volatile String snapshot;
    private volatile boolean closed;
    private volatile TopoWatch watch;
    private Vertx vertx;
    private Context context;
    private long refreshTimer = -1;

    public Console(ConsoleReader reader, Optional<ConsoleToken> token, Clock clock) {
        this.reader = reader;
        this.token = token;
        this.clock = clock;
    }

    /**
     * The console of {@code shardops watch}: of the cluster in {@code store} (null: no --etcd), approvals
     * with the token in {@code tokenFile} (null: read-only). Throws {@link IllegalStateException} saying
     * what is wrong with the token file.
     */
    public static Console forWatch(TopoStore store, Path tokenFile, Supplier<JsonObject> watchStatus) {
        Optional<ConsoleToken> token = Optional.empty();
        if (tokenFile != null) {
            try {
                token = Optional.of(ConsoleToken.readFrom(tokenFile));
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalStateException("cannot use --console-token-file: " + e.getMessage(), e);
            }
        }
        Clock clock = Clock.systemUTC();
        return new Console(new ConsoleReader(Optional.ofNullable(store), Optional.empty(), watchStatus, clock), token, clock);
    }

    /**
     * Reads the first snapshot (blocking: call before the server listens, not on an event loop), adds
     * the console's routes and starts following the store.
     */
    public void mount(Vertx vertx, Router router) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        snapshot = read();
        String page = resource("index.html");
        String script = resource("console.js");
        String style = resource("console.css");
        router.get("/").handler(ctx -> asset(ctx, "text/html; charset=utf-8", page));
        router.get("/console.js").handler(ctx -> asset(ctx, "text/javascript; charset=utf-8", script));
        router.get("/console.css").handler(ctx -> asset(ctx, "text/css; charset=utf-8", style));
        router.get("/api/console").handler(ctx -> json(ctx.response()).end(snapshot));
        router.get("/api/events").handler(this::events);
        router.get("/api/session").handler(ctx -> json(ctx.response()).end(new JsonObject()
                .put("approvalsEnabled", token.isPresent())
                .put("authenticated", token.map(t -> t.admits(ctx.request().getHeader("Authorization"))).orElse(false))
                .put("howToEnable", token.isPresent() ? null : ConsoleSnapshot.HOW_TO_ENABLE_APPROVALS).encode()));
        router.post("/api/approve")
                .handler(BodyHandler.create(false).setBodyLimit(MAX_APPROVE_BODY_BYTES).setMergeFormAttributes(false))
                .handler(this::approve);
        refreshTimer = vertx.setPeriodic(REFRESH_MILLIS, id -> refresh());
        reader.store().ifPresent(this::follow);
    }

    /** The snapshot as last read, as GET /api/console answers it. */
    public String snapshot() {
        return snapshot;
    }

    /** Reads the snapshot again soon; several calls within {@link #DEBOUNCE_MILLIS} read once. */
    public void refreshSoon() {
        if (!closed && vertx != null && refreshPending.compareAndSet(false, true)) {
            vertx.setTimer(DEBOUNCE_MILLIS, id -> refresh());
        }
    }

    private void refresh() {
        refreshPending.set(false);
        if (closed) {
            return;
        }
        context.executeBlocking(this::read).onSuccess(this::publish);
    }

    private String read() {
        ConsoleInputs inputs;
        try {
            inputs = reader.read();
        } catch (RuntimeException e) {
            inputs = ConsoleInputs.without("cannot read the console's state: " + e.getMessage(), new JsonObject(), clock.instant());
        }
        return ConsoleSnapshot.build(inputs, token.isPresent()).encode();
    }

    private void publish(String json) {
        snapshot = json;
        Buffer event = Buffer.buffer("event: snapshot\ndata: " + json + "\n\n");
        for (HttpServerResponse stream : streams) {
            if (stream.writeQueueFull()) {
                continue; // a page that does not read keeps its place but gets no more until it catches up
            }
            stream.write(event);
        }
    }

    private void events(RoutingContext ctx) {
        if (streams.size() >= MAX_EVENT_STREAMS) {
            JsonReply.reply(ctx, 503, "busy", MAX_EVENT_STREAMS + " pages follow the console already; poll GET /api/console instead");
            return;
        }
        HttpServerResponse response = ctx.response()
                .setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Accel-Buffering", "no");
        streams.add(response);
        response.closeHandler(v -> streams.remove(response));
        response.exceptionHandler(e -> streams.remove(response));
        response.write("retry: 2000\n\nevent: snapshot\ndata: " + snapshot + "\n\n");
    }

    private void approve(RoutingContext ctx) {
        if (token.isEmpty()) {
            JsonReply.reply(ctx, 403, "read-only", ConsoleSnapshot.HOW_TO_ENABLE_APPROVALS);
            return;
        }
        if (!token.get().admits(ctx.request().getHeader("Authorization"))) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"shardops console\"");
            JsonReply.reply(ctx, 401, "unauthenticated", "send the console token as Authorization: Bearer TOKEN"
                    + " (the token is in the file given to --console-token-file)");
            return;
        }
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            JsonReply.reply(ctx, 415, "malformed", "send {\"runId\": \"run-...\", \"step\": N} as application/json");
            return;
        }
        String runId;
        int step;
        String by;
        try {
            JsonObject body = ctx.body().asJsonObject();
            runId = body == null ? null : body.getString("runId");
            Integer n = body == null ? null : body.getInteger("step");
            if (runId == null || runId.isBlank() || n == null) {
                throw new IllegalArgumentException("missing field");
            }
            step = n;
            String who = body.getString("by", "");
            by = who.isBlank() ? "console" : "console (" + who.strip().substring(0, Math.min(MAX_BY_CHARS, who.strip().length())) + ")";
        } catch (DecodeException | ClassCastException | IllegalArgumentException e) {
            JsonReply.reply(ctx, 400, "malformed", "send {\"runId\": \"run-...\", \"step\": N}: a string and a number");
            return;
        }
        context.executeBlocking(() -> approve(runId, step, by)).onComplete(done -> {
            if (done.succeeded()) {
                refreshSoon();
                json(ctx.response()).end(new JsonObject().put("status", "approved").put("approval", new JsonObject(done.result().toJson())).encode());
            } else if (done.cause() instanceof Approvals.Refused || done.cause() instanceof NothingToApprove) {
                JsonReply.reply(ctx, 409, "refused", done.cause().getMessage());
            } else if (done.cause() instanceof TopoException e) {
                JsonReply.reply(ctx, 503, "unavailable", "cannot record the approval in etcd: " + e.getMessage() + "; try again");
            } else {
                JsonReply.reply(ctx, 500, "failed", String.valueOf(done.cause().getMessage()));
            }
        });
    }

    private Approval approve(String runId, int step, String by) {
        TopoStore store = reader.store().orElseThrow(() -> new NothingToApprove("no etcd: the console cannot record approvals without --etcd"));
        String cluster = reader.cluster().orElseThrow(() -> new NothingToApprove("etcd holds no cluster, so no run " + runId));
        return new Approvals(store, cluster).approve(runId, step, by, clock.instant());
    }

    /** An approval refused before {@link Approvals} is reached: no store, no cluster. */
    private static final class NothingToApprove extends RuntimeException {
        NothingToApprove(String message) {
            super(message);
        }
    }

    /** Follows every key of the store; a change of the shown cluster reads the snapshot again. */
    private void follow(TopoStore store) {
        if (closed) {
            return;
        }
        try {
            watch = store.watch(TopologyKeys.ROOT, store.revision(), event -> {
                if (event instanceof WatchEvent.Ended) {
                    rewatchLater(store);
                } else if (concernsShownCluster(event)) {
                    refreshSoon();
                }
            });
        } catch (TopoException e) {
            rewatchLater(store);
        }
    }

    private void rewatchLater(TopoStore store) {
        if (!closed) {
            vertx.setTimer(REWATCH_MILLIS, id -> context.executeBlocking(() -> {
                follow(store);
                return null;
            }));
        }
    }

    private boolean concernsShownCluster(WatchEvent event) {
        String key = switch (event) {
            case WatchEvent.Put p -> p.key();
            case WatchEvent.Delete d -> d.key();
            case WatchEvent.Ended e -> "";
        };
        Optional<String> shown = reader.shownCluster();
        return shown.isEmpty() || key.startsWith(new TopologyKeys(shown.get()).root());
    }

    private void asset(RoutingContext ctx, String contentType, String body) {
        ctx.response()
                .putHeader("Content-Type", contentType)
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'")
                .end(body);
    }

    private static HttpServerResponse json(HttpServerResponse response) {
        return response.putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store");
    }

    private static String resource(String name) {
        try (InputStream in = Console.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("the console's " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (vertx != null && refreshTimer >= 0) {
            vertx.cancelTimer(refreshTimer);
        }
        TopoWatch w = watch;
        if (w != null) {
            w.close();
        }
        for (HttpServerResponse stream : streams) {
            try {
                stream.end();
            } catch (IllegalStateException alreadyClosed) {
                // the page went away first
            }
        }
        streams.clear();
    }
}
