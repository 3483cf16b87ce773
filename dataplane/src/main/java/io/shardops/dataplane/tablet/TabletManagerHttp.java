package io.shardops.dataplane.tablet;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardops.dataplane.backup.BackupManifest;
import io.shardops.dataplane.backup.BackupRequest;
import io.shardops.dataplane.credentials.BearerToken;
import io.shardops.dataplane.tablet.diff.TableDiffSpec;
import io.shardops.spec.Durability;
import io.shardops.spec.TabletType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The tablet manager over HTTP/JSON, so the reconciler can drive a tablet in another process.
 * Every call is {@code POST /tablet-manager/<call>} with a JSON object body (or {@code GET} for
 * {@code status} and {@code replication-position}); a failure answers 500 with {@code {"error": "..."}}.
 * {@link HttpTabletManagerClient} is the other end. Calls run on worker threads (they do JDBC).
 *
 * <p>Every call needs the cluster's control token ({@code Authorization: Bearer ...}); without it the
 * answer is 401 before the body is read. Only {@link #HEALTH_PATH}, which says serving or not and nothing
 * else, answers without it (Kubernetes probes carry no token).
 */
public final class TabletManagerHttp {
    public static final String PREFIX = "/tablet-manager/";
    /** Readiness (Kubernetes probes): 200 while the tablet's MariaDB answers, whether serving or not yet; 503 otherwise. */
    public static final String HEALTH_PATH = "/healthz";
    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final int MAX_BODY = 16 * 1024 * 1024;

    private final Vertx vertx;
    private final TabletManager manager;
    private final BearerToken token;
    private HttpServer server;

    public TabletManagerHttp(Vertx vertx, TabletManager manager, BearerToken token) {
        this.vertx = vertx;
        this.manager = manager;
        this.token = Objects.requireNonNull(token, "token");
    }

    public Future<TabletManagerHttp> start(String host, int port) {
        server = vertx.createHttpServer();
        server.requestHandler(this::handle);
        return server.listen(port, host).map(s -> this);
    }

    public int port() {
        return server.actualPort();
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest req) {
        String path = req.path();
        if (HEALTH_PATH.equals(path)) {
            health(req);
            return;
        }
        if (!path.startsWith(PREFIX)) {
            reply(req, 404, Map.of("error", "unknown path " + path + "; tablet manager calls are under " + PREFIX));
            return;
        }
        if (!token.accepts(req.getHeader(BearerToken.HEADER))) {
            req.response().putHeader("WWW-Authenticate", "Bearer");
            reply(req, 401, Map.of("error", BearerToken.REFUSED));
            return;
        }
        String call = path.substring(PREFIX.length());
        if (req.method() != HttpMethod.POST && req.method() != HttpMethod.GET) {
            reply(req, 405, Map.of("error", "use POST (or GET for status)"));
            return;
        }
        req.body().onComplete(ar -> {
            if (ar.failed()) {
                reply(req, 400, Map.of("error", "cannot read request body: " + ar.cause().getMessage()));
                return;
            }
            if (ar.result().length() > MAX_BODY) {
                reply(req, 413, Map.of("error", "request body over " + MAX_BODY + " bytes"));
                return;
            }
            JsonNode body;
            try {
                body = ar.result().length() == 0 ? JSON.createObjectNode() : JSON.readTree(ar.result().getBytes());
            } catch (Exception e) {
                reply(req, 400, Map.of("error", "request body is not JSON: " + e.getMessage()));
                return;
            }
            Callable<Object> work;
            try {
                work = dispatch(call, body);
            } catch (IllegalArgumentException e) {
                reply(req, 400, Map.of("error", e.getMessage()));
                return;
            }
            vertx.executeBlocking(work, false).onComplete(res -> {
                if (res.succeeded()) {
                    reply(req, 200, res.result() == null ? Map.of() : res.result());
                } else {
                    Throwable t = res.cause();
                    reply(req, t instanceof IllegalArgumentException ? 400 : 500,
                            Map.of("error", t.getMessage() == null ? t.toString() : t.getMessage()));
                }
            });
        });
    }

    private void health(HttpServerRequest req) {
        vertx.executeBlocking(manager::status, false).onComplete(res -> {
            if (res.failed()) {
                reply(req, 503, Map.of("status", "unhealthy", "error", String.valueOf(res.cause().getMessage())));
                return;
            }
            TabletStatus s = res.result();
            if (!s.mysqldRunning()) {
                reply(req, 503, Map.of("status", "unhealthy", "mysqld", s.mysqld()));
                return;
            }
            reply(req, 200, Map.of("status", s.serving() ? "serving" : "ready", "type", s.type().word()));
        });
    }

    private Callable<Object> dispatch(String call, JsonNode b) {
        return switch (call) {
            case "status" -> manager::status;
            case "init-primary" -> () -> Map.of("position", manager.initPrimary());
            case "set-replication-source" -> () -> {
                manager.setReplicationSource(text(b, "host"), b.path("port").asInt());
                return null;
            };
            case "promote-replica" -> () -> Map.of("position", manager.promoteReplica());
            case "stop-replication" -> () -> {
                manager.stopReplication();
                return null;
            };
            case "start-replication" -> () -> {
                manager.startReplication();
                return null;
            };
            case "wait-for-position" -> () -> {
                manager.waitForPosition(text(b, "position"), Duration.ofMillis(b.path("timeoutMillis").asLong(30_000)));
                return null;
            };
            case "replication-position" -> () -> Map.of("position", manager.replicationPosition());
            case "apply-schema" -> () -> {
                manager.applySchema(strings(b, "statements"));
                return null;
            };
            case "schema" -> () -> manager.schema(strings(b, "tables"));
            case "create-sequence" -> () -> {
                manager.createSequence(text(b, "name"), b.path("start").asLong(), b.path("cache").asLong());
                return null;
            };
            case "set-tablet-type" -> () -> {
                String word = text(b, "type");
                manager.setTabletType(TabletType.fromWord(word.toLowerCase(Locale.ROOT))
                        .orElseThrow(() -> new IllegalArgumentException("unknown tablet type '" + word + "'; use primary, replica or rdonly")));
                return null;
            };
            case "set-serving" -> () -> {
                manager.setServing(b.path("serving").asBoolean());
                return null;
            };
            case "set-denied-tables" -> () -> {
                manager.setDeniedTables(strings(b, "tables"));
                return null;
            };
            case "start-stream" -> () -> {
                manager.startStream(JSON.treeToValue(b, StreamSpec.class));
                return null;
            };
            case "streams" -> manager::streams;
            case "wait-for-stream-position" -> () -> {
                manager.waitForStreamPosition(text(b, "workflow"), text(b, "position"),
                        Duration.ofMillis(b.path("timeoutMillis").asLong(30_000)));
                return null;
            };
            case "pause-stream" -> () -> Map.of("position", manager.pauseStream(text(b, "workflow"), text(b, "until")));
            case "resume-stream" -> () -> {
                manager.resumeStream(text(b, "workflow"));
                return null;
            };
            case "start-replication-until" -> () -> {
                manager.startReplicationUntil(text(b, "position"));
                return null;
            };
            case "stop-stream" -> () -> {
                manager.stopStream(text(b, "workflow"));
                return null;
            };
            case "delete-stream" -> () -> {
                manager.deleteStream(text(b, "workflow"));
                return null;
            };
            case "end-open-write-transactions" -> () ->
                    Map.of("killed", manager.endOpenWriteTransactions(Duration.ofMillis(b.path("graceMillis").asLong(1_000))));
            case "diff-table" -> () -> manager.diffTable(JSON.treeToValue(b, TableDiffSpec.class));
            // online schema changes (docs/schema-changes.md)
            case "probe-alter" -> () -> Map.of("algorithm", manager.probeAlter(text(b, "table"), text(b, "alter")).word());
            case "create-shadow-table" -> () -> {
                manager.createShadowTable(text(b, "table"), text(b, "shadow"), text(b, "alter"), b.path("fresh").asBoolean(false));
                return null;
            };
            case "hold-tables" -> () -> {
                manager.holdTables(strings(b, "tables"));
                return null;
            };
            case "swap-tables" -> () -> Map.of("swapped", manager.swapTables(text(b, "table"), text(b, "incoming"), text(b, "outgoing")));
            case "verify-following" -> () -> manager.verifyFollowing(text(b, "table"), text(b, "target"), text(b, "workflow"));
            case "estimated-rows" -> () -> Map.of("rows", manager.estimatedRows(text(b, "table")));
            // durability, failover and fencing (issue 16)
            case "set-durability" -> () -> {
                String word = text(b, "durability");
                manager.setDurability(Durability.fromWord(word)
                        .orElseThrow(() -> new IllegalArgumentException("unknown durability '" + word + "'; use none or semi-sync")));
                return null;
            };
            case "stop-replication-receiving" -> () -> Map.of("position", manager.stopReplicationReceiving());
            case "fence" -> () -> {
                manager.fence();
                return null;
            };
            // backups (issue 17): manifests travel as their own JSON text
            case "backup" -> () -> Map.of("manifest", new String(manager.backup(JSON.treeToValue(b, BackupRequest.class)).toJson(),
                    StandardCharsets.UTF_8));
            case "backup-progress" -> manager::backupProgress;
            case "verify-backup" -> () -> manager.verifyBackup(JSON.treeToValue(b.path("request"), BackupRequest.class),
                    BackupManifest.parse(text(b, "manifest").getBytes(StandardCharsets.UTF_8)));
            case "restore-backup" -> () -> {
                var r = manager.restoreBackup(JSON.treeToValue(b.path("request"), BackupRequest.class),
                        BackupManifest.parse(text(b, "manifest").getBytes(StandardCharsets.UTF_8)));
                return Map.of("backup", r.backup(), "gtidPosition", r.gtidPosition(), "fetchMillis", r.fetch().toMillis(),
                        "prepareMillis", r.prepare().toMillis(), "moveBackMillis", r.moveBack().toMillis());
            };
            default -> throw new IllegalArgumentException("unknown tablet manager call '" + call + "'");
        };
    }

    private static String text(JsonNode b, String field) {
        JsonNode v = b.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("missing string field '" + field + "'");
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode b, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : b.path(field)) {
            out.add(n.asText());
        }
        return out;
    }

    private static void reply(HttpServerRequest req, int status, Object body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (Exception e) {
            status = 500;
            bytes = ("{\"error\":\"cannot encode the answer\"}").getBytes(StandardCharsets.UTF_8);
        }
        req.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(Buffer.buffer(bytes));
    }
}
