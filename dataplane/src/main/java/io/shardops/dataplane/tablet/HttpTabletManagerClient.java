package io.shardops.dataplane.tablet;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.shardops.dataplane.backup.BackupManifest;
import io.shardops.dataplane.backup.BackupProgress;
import io.shardops.dataplane.backup.BackupRequest;
import io.shardops.dataplane.backup.BackupVerification;
import io.shardops.dataplane.backup.ShardRestore;
import io.shardops.dataplane.credentials.BearerToken;
import io.shardops.dataplane.tablet.diff.TableDiff;
import io.shardops.dataplane.tablet.diff.TableDiffSpec;
import io.shardops.dataplane.tablet.shadow.AlterAlgorithm;
import io.shardops.dataplane.tablet.shadow.TableChecksum;
import io.shardops.spec.Durability;
import io.shardops.spec.TabletType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A {@link TabletManager} in another process, reached through its tablet's HTTP port. Blocking. */
public final class HttpTabletManagerClient implements TabletManager {
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String host;
    private final int port;
    private final BearerToken token;

    public HttpTabletManagerClient(String host, int port, BearerToken token) {
        this.host = host;
        this.port = port;
        this.token = Objects.requireNonNull(token, "token");
    }

    @Override
    public TabletStatus status() {
        return decode(call("status", Map.of()), new TypeReference<TabletStatus>() {});
    }

    @Override
    public String initPrimary() {
        return call("init-primary", Map.of()).path("position").asText();
    }

    @Override
    public void setReplicationSource(String primaryHost, int primaryMysqlPort) {
        call("set-replication-source", Map.of("host", primaryHost, "port", primaryMysqlPort));
    }

    @Override
    public String promoteReplica() {
        return call("promote-replica", Map.of()).path("position").asText();
    }

    @Override
    public void stopReplication() {
        call("stop-replication", Map.of());
    }

    @Override
    public void startReplication() {
        call("start-replication", Map.of());
    }

    @Override
    public void waitForPosition(String gtidPosition, Duration timeout) {
        call("wait-for-position", Map.of("position", gtidPosition, "timeoutMillis", timeout.toMillis()));
    }

    @Override
    public String replicationPosition() {
        return call("replication-position", Map.of()).path("position").asText();
    }

    @Override
    public void applySchema(List<String> statements) {
        call("apply-schema", Map.of("statements", statements));
    }

    @Override
    public List<TableSchema> schema(List<String> tables) {
        return decode(call("schema", Map.of("tables", tables)), new TypeReference<List<TableSchema>>() {});
    }

    @Override
    public void createSequence(String name, long start, long cache) {
        call("create-sequence", Map.of("name", name, "start", start, "cache", cache));
    }

    @Override
    public void setTabletType(TabletType type) {
        call("set-tablet-type", Map.of("type", type.word()));
    }

    @Override
    public void setServing(boolean serving) {
        call("set-serving", Map.of("serving", serving));
    }

    @Override
    public void setDeniedTables(List<String> tables) {
        call("set-denied-tables", Map.of("tables", tables));
    }

    @Override
    public void startStream(StreamSpec spec) {
        call("start-stream", TabletManagerHttp.JSON.convertValue(spec, new TypeReference<Map<String, Object>>() {}));
    }

    @Override
    public List<StreamStatus> streams() {
        return decode(call("streams", Map.of()), new TypeReference<List<StreamStatus>>() {});
    }

    @Override
    public void waitForStreamPosition(String workflow, String gtidPosition, Duration timeout) {
        call("wait-for-stream-position", Map.of("workflow", workflow, "position", gtidPosition, "timeoutMillis", timeout.toMillis()));
    }

    @Override
    public String pauseStream(String workflow, String until) {
        return call("pause-stream", Map.of("workflow", workflow, "until", until)).path("position").asText();
    }

    @Override
    public void resumeStream(String workflow) {
        call("resume-stream", Map.of("workflow", workflow));
    }

    @Override
    public void startReplicationUntil(String gtidPosition) {
        call("start-replication-until", Map.of("position", gtidPosition));
    }

    @Override
    public void stopStream(String workflow) {
        call("stop-stream", Map.of("workflow", workflow));
    }

    @Override
    public void deleteStream(String workflow) {
        call("delete-stream", Map.of("workflow", workflow));
    }

    @Override
    public int endOpenWriteTransactions(Duration grace) {
        return call("end-open-write-transactions", Map.of("graceMillis", grace.toMillis())).path("killed").asInt();
    }

    @Override
    public TableDiff.Result diffTable(TableDiffSpec spec) {
        return decode(call("diff-table", TabletManagerHttp.JSON.convertValue(spec, new TypeReference<Map<String, Object>>() {})),
                new TypeReference<TableDiff.Result>() {});
    }

    // ---- online schema changes (docs/schema-changes.md)

    @Override
    public AlterAlgorithm probeAlter(String table, String alterClauses) {
        String word = call("probe-alter", Map.of("table", table, "alter", alterClauses)).path("algorithm").asText();
        return AlterAlgorithm.fromWord(word)
                .orElseThrow(() -> new TabletManagerException("tablet at " + host + ":" + port + " answered an unknown algorithm '" + word + "'"));
    }

    @Override
    public void createShadowTable(String table, String shadow, String alterClauses, boolean fresh) {
        call("create-shadow-table", Map.of("table", table, "shadow", shadow, "alter", alterClauses, "fresh", fresh));
    }

    @Override
    public void holdTables(List<String> tables) {
        call("hold-tables", Map.of("tables", tables));
    }

    @Override
    public boolean swapTables(String table, String incoming, String outgoing) {
        return call("swap-tables", Map.of("table", table, "incoming", incoming, "outgoing", outgoing)).path("swapped").asBoolean();
    }

    @Override
    public TableChecksum verifyFollowing(String table, String target, String workflow) {
        return decode(call("verify-following", Map.of("table", table, "target", target, "workflow", workflow)),
                new TypeReference<TableChecksum>() {});
    }

    @Override
    public long estimatedRows(String table) {
        return call("estimated-rows", Map.of("table", table)).path("rows").asLong();
    }

    // ---- durability, failover and fencing (issue 16)

    @Override
    public void setDurability(Durability durability) {
        call("set-durability", Map.of("durability", durability.word()));
    }

    @Override
    public String stopReplicationReceiving() {
        return call("stop-replication-receiving", Map.of()).path("position").asText();
    }

    @Override
    public void fence() {
        call("fence", Map.of());
    }

    // ---- backups (issue 17)

    @Override
    public BackupManifest backup(BackupRequest request) {
        JsonNode answer = call("backup", TabletManagerHttp.JSON.convertValue(request, new TypeReference<Map<String, Object>>() {}),
                BACKUP_CALL_TIMEOUT);
        return BackupManifest.parse(answer.path("manifest").asText().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public BackupProgress backupProgress() {
        return decode(call("backup-progress", Map.of()), new TypeReference<BackupProgress>() {});
    }

    @Override
    public ShardRestore.Result restoreBackup(BackupRequest request, BackupManifest manifest) {
        JsonNode answer = call("restore-backup", Map.of(
                "request", TabletManagerHttp.JSON.convertValue(request, new TypeReference<Map<String, Object>>() {}),
                "manifest", new String(manifest.toJson(), StandardCharsets.UTF_8)), BACKUP_CALL_TIMEOUT);
        return new ShardRestore.Result(answer.path("backup").asText(), answer.path("gtidPosition").asText(),
                Duration.ofMillis(answer.path("fetchMillis").asLong()),
                Duration.ofMillis(answer.path("prepareMillis").asLong()),
                Duration.ofMillis(answer.path("moveBackMillis").asLong()));
    }

    @Override
    public BackupVerification.Result verifyBackup(BackupRequest request, BackupManifest manifest) {
        return decode(call("verify-backup", Map.of(
                "request", TabletManagerHttp.JSON.convertValue(request, new TypeReference<Map<String, Object>>() {}),
                "manifest", new String(manifest.toJson(), StandardCharsets.UTF_8)), BACKUP_CALL_TIMEOUT),
                new TypeReference<BackupVerification.Result>() {});
    }

    private JsonNode call(String name, Map<String, Object> body) {
        return call(name, body, CALL_TIMEOUT);
    }

    /** A backup, restore or verification streams a whole shard: it may take far longer than any other call. */
    private static final Duration BACKUP_CALL_TIMEOUT = Duration.ofHours(12);

    private JsonNode call(String name, Map<String, Object> body, Duration timeout) {
        URI uri = URI.create("http://" + host + ":" + port + TabletManagerHttp.PREFIX + name);
        try {
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("content-type", "application/json")
                    .header(BearerToken.HEADER, token.headerValue())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(TabletManagerHttp.JSON.writeValueAsBytes(body))).build();
            HttpResponse<byte[]> resp = HTTP.send(req, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = resp.body().length == 0 ? TabletManagerHttp.JSON.createObjectNode() : TabletManagerHttp.JSON.readTree(resp.body());
            if (resp.statusCode() != 200) {
                throw new TabletManagerException(json.path("error").asText("tablet at " + host + ":" + port
                        + " answered HTTP " + resp.statusCode() + " to " + name));
            }
            return json;
        } catch (IOException e) {
            throw new TabletManagerException("cannot reach the tablet manager at " + host + ":" + port + " (" + name + "): "
                    + e.getMessage() + "; is the tablet running?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TabletManagerException("interrupted calling " + name + " on the tablet at " + host + ":" + port, e);
        }
    }

    private static <T> T decode(JsonNode json, TypeReference<T> type) {
        return TabletManagerHttp.JSON.convertValue(json, type);
    }
}
