package io.shardops.reconciler.host.local;

import com.fasterxml.jackson.core.type.TypeReference;
import io.shardops.reconciler.provision.ProvisionedObject;
import io.shardops.reconciler.provision.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateways of each cell on this node. What each cell wants is recorded in {@code gateways.json},
 * so a restarted node starts them again on the same ports.
 */
final class GatewayPool implements AutoCloseable {
    /** A gateway the node runs. */
    interface RunningGateway {
        void stop();
    }

    /** Starts one gateway listening on the node's address, {@code port}. */
    @FunctionalInterface
    interface Runner {
        RunningGateway start(String cell, int port, NodeApi.EnsureGateways config) throws Exception;
    }

    private record Key(String cell, int port) {}

    private final StateDir dir;
    private final String host;
    private final Runner runner;
    private final Map<String, NodeApi.EnsureGateways> wanted = new LinkedHashMap<>();
    private final Map<Key, RunningGateway> running = new LinkedHashMap<>();
    private final Map<Key, NodeApi.EnsureGateways> runningConfig = new LinkedHashMap<>();

    GatewayPool(StateDir dir, String host, Runner runner) throws IOException {
        this.dir = dir;
        this.host = host;
        this.runner = runner;
        if (Files.isRegularFile(dir.gatewaysJson())) {
            List<NodeApi.EnsureGateways> saved = JsonFiles.MAPPER.readValue(dir.gatewaysJson().toFile(),
                    new TypeReference<List<NodeApi.EnsureGateways>>() {});
            saved.forEach(g -> wanted.put(g.cell(), g));
        }
    }

    synchronized List<ProvisionedObject> resume() {
        List<ProvisionedObject> changes = new ArrayList<>();
        for (NodeApi.EnsureGateways g : List.copyOf(wanted.values())) {
            try {
                changes.addAll(ensure(g).changes());
            } catch (RuntimeException e) {
                // reported by status; the node keeps its tablets running
                changes.add(new ProvisionedObject(ProvisionedObject.Effect.UNCHANGED, "gateway", g.cell() + " failed: " + e.getMessage()));
            }
        }
        return changes;
    }

    synchronized NodeApi.GatewaysResult ensure(NodeApi.EnsureGateways g) {
        List<ProvisionedObject> changes = new ArrayList<>();
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < g.replicas(); i++) {
            keys.add(new Key(g.cell(), g.mysqlPort() + i));
        }
        for (Key k : List.copyOf(running.keySet())) {
            boolean sameConfig = g.equals(runningConfig.get(k));
            if (k.cell().equals(g.cell()) && (!keys.contains(k) || !sameConfig)) {
                running.remove(k).stop();
                runningConfig.remove(k);
                if (!keys.contains(k)) {
                    changes.add(new ProvisionedObject(ProvisionedObject.Effect.DELETED, "gateway", name(k)));
                }
            }
        }
        wanted.put(g.cell(), g);
        save();
        List<Endpoint> endpoints = new ArrayList<>();
        for (Key k : keys) {
            endpoints.add(new Endpoint(host, k.port()));
            if (running.containsKey(k)) {
                changes.add(new ProvisionedObject(ProvisionedObject.Effect.UNCHANGED, "gateway", name(k)));
                continue;
            }
            try {
                running.put(k, runner.start(k.cell(), k.port(), g));
                runningConfig.put(k, g);
            } catch (Exception e) {
                throw new IllegalStateException("gateway " + name(k) + " did not start: " + e.getMessage(), e);
            }
            changes.add(new ProvisionedObject(ProvisionedObject.Effect.CREATED, "gateway", name(k)));
        }
        return new NodeApi.GatewaysResult(endpoints, changes);
    }

    synchronized NodeApi.GatewaysResult remove(String cell) {
        List<ProvisionedObject> changes = new ArrayList<>();
        for (Key k : List.copyOf(running.keySet())) {
            if (k.cell().equals(cell)) {
                running.remove(k).stop();
                runningConfig.remove(k);
                changes.add(new ProvisionedObject(ProvisionedObject.Effect.DELETED, "gateway", name(k)));
            }
        }
        wanted.remove(cell);
        save();
        return new NodeApi.GatewaysResult(List.of(), changes);
    }

    synchronized List<NodeApi.GatewayView> views() {
        List<NodeApi.GatewayView> out = new ArrayList<>();
        for (Map.Entry<Key, NodeApi.EnsureGateways> e : runningConfig.entrySet()) {
            out.add(new NodeApi.GatewayView(e.getKey().cell(), e.getKey().port() - e.getValue().mysqlPort(), e.getKey().port(), e.getValue().auth()));
        }
        return out;
    }

    private String name(Key k) {
        return k.cell() + " " + host + ":" + k.port();
    }

    private void save() {
        try {
            JsonFiles.write(dir.gatewaysJson(), List.copyOf(wanted.values()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        for (RunningGateway g : running.values()) {
            try {
                g.stop();
            } catch (RuntimeException e) {
                // keep stopping the others
            }
        }
        running.clear();
        runningConfig.clear();
    }
}
