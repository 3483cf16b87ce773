package io.shardops.reconciler.host.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardops.reconciler.topo.TopoStore;
import io.shardops.reconciler.topo.TopologyKeys;
import io.shardops.reconciler.topo.Versioned;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The nodes and shard placements of one cluster in etcd: {@code /shardops/<cluster>/nodes/<name>} and
 * {@code /shardops/<cluster>/placement/<cell>/<keyspace>/<shard>}, JSON. The topology reader skips these keys.
 */
public final class NodeDirectory {
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final TopoStore store;
    private final String root;

    public NodeDirectory(TopoStore store, String cluster) {
        this.store = store;
        this.root = new TopologyKeys(cluster).root();
    }

    String nodesPrefix() {
        return root + "nodes/";
    }

    String placementKey(String cell, String keyspace, String shard) {
        return root + "placement/" + cell + "/" + keyspace + "/" + shard;
    }

    /** Records {@code node}, replacing what the same name recorded before (a restarted node). */
    public void register(NodeRecord node) {
        String value = write(node);
        store.update(nodesPrefix() + node.name(), old -> Optional.of(value));
    }

    /** Every registered node, by name; whether each answers is the caller's to check. */
    public List<NodeRecord> nodes() {
        List<NodeRecord> out = new ArrayList<>();
        for (Versioned v : store.list(nodesPrefix()).entries()) {
            read(v.value(), NodeRecord.class).ifPresent(out::add);
        }
        return out;
    }

    public ShardPlacement placement(String cell, String keyspace, String shard) {
        return store.get(placementKey(cell, keyspace, shard)).flatMap(v -> read(v.value(), ShardPlacement.class)).orElse(ShardPlacement.NONE);
    }

    /** Every shard's placement in the cluster, for the uids and the load of each node. */
    public List<ShardPlacement> placements() {
        List<ShardPlacement> out = new ArrayList<>();
        for (Versioned v : store.list(root + "placement/").entries()) {
            read(v.value(), ShardPlacement.class).ifPresent(out::add);
        }
        return out;
    }

    public void savePlacement(String cell, String keyspace, String shard, ShardPlacement p) {
        String value = write(p);
        store.update(placementKey(cell, keyspace, shard), old -> p.tablets().isEmpty() ? Optional.empty() : Optional.of(value));
    }

    private static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + o, e);
        }
    }

    private static <T> Optional<T> read(String json, Class<T> type) {
        try {
            return Optional.of(JSON.readValue(json, type));
        } catch (JsonProcessingException e) {
            return Optional.empty();  // a record of a newer shardops this one cannot read: left alone
        }
    }
}
