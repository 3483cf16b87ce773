package io.shardops.reconciler.host.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.shardops.dataplane.credentials.BearerToken;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** Talks to a node daemon's {@link NodeApi}. Calls block until the node has done the work. */
public final class NodeClient {
    /** Starting a shard's tablets (copy datadirs, start mysqlds) takes seconds; removing waits for clean shutdowns. */
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(5);

    private final String base;
    private final BearerToken token;

    /** @param token the cluster's control token, which every call but {@code /health} must carry */
    public NodeClient(String baseUrl, BearerToken token) {
        this.base = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        this.token = Objects.requireNonNull(token, "token");
    }

    public NodeApi.TabletsResult ensureTablets(NodeApi.EnsureTablets request) {
        return post("tablets/ensure", request, NodeApi.TabletsResult.class);
    }

    public NodeApi.TabletsResult removeTablets(NodeApi.ShardTablets request) {
        return post("tablets/remove", request, NodeApi.TabletsResult.class);
    }

    public NodeApi.TabletsResult rebuildTablet(NodeApi.RebuildTablet request) {
        return post("tablets/rebuild", request, NodeApi.TabletsResult.class);
    }

    public NodeApi.TabletsResult purgeTablets(NodeApi.ShardTablets request) {
        return post("tablets/purge", request, NodeApi.TabletsResult.class);
    }

    public NodeApi.GatewaysResult ensureGateways(NodeApi.EnsureGateways request) {
        return post("gateways/ensure", request, NodeApi.GatewaysResult.class);
    }

    public NodeApi.GatewaysResult removeGateways(NodeApi.CellGateways request) {
        return post("gateways/remove", request, NodeApi.GatewaysResult.class);
    }

    public NodeApi.NodeStatus status() {
        return send("status", null, Duration.ofSeconds(30), NodeApi.NodeStatus.class);
    }

    /** The node's health, or empty when nothing answers (not running, or another program on the port). */
    public Optional<NodeApi.Health> health() {
        try {
            LoopbackHttp.Response r = LoopbackHttp.get(base + "health", null, Duration.ofSeconds(2));
            if (r.status() != 200) {
                return Optional.empty();
            }
            return Optional.of(JsonFiles.MAPPER.readValue(r.body(), NodeApi.Health.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private <T> T post(String path, Object body, Class<T> type) {
        String json;
        try {
            json = JsonFiles.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + body, e);
        }
        return send(path, json, CALL_TIMEOUT, type);
    }

    private <T> T send(String path, String json, Duration timeout, Class<T> type) {
        LoopbackHttp.Response r;
        try {
            r = json == null ? LoopbackHttp.get(base + path, token, timeout) : LoopbackHttp.post(base + path, token, json, timeout);
        } catch (ConnectException e) {
            throw new NodeException("the shardops node at " + base + " is not running; start it with: shardops up");
        } catch (SocketTimeoutException e) {
            throw new NodeException("the shardops node at " + base + " did not answer /" + path + " in time");
        } catch (IOException e) {
            throw new NodeException("cannot reach the shardops node at " + base + ": " + e.getMessage());
        }
        try {
            if (r.status() != 200) {
                String message = r.body();
                try {
                    message = JsonFiles.MAPPER.readValue(r.body(), NodeApi.Failure.class).error();
                } catch (IOException notJson) {
                    // keep the raw body
                }
                throw new NodeException("node /" + path + ": " + message);
            }
            return JsonFiles.MAPPER.readValue(r.body(), type);
        } catch (IOException e) {
            throw new NodeException("node /" + path + " answered something unreadable: " + e.getMessage());
        }
    }

    /** The node refused or failed a call; the message says what and where to look. */
    public static final class NodeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NodeException(String message) {
            super(message);
        }
    }
}
