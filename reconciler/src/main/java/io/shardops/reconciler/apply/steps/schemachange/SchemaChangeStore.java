package io.shardops.reconciler.apply.steps.schemachange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardops.reconciler.topo.TopoStore;
import io.shardops.reconciler.topo.TopologyKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** Schema change records in etcd, written by compare-and-swap. */
public final class SchemaChangeStore {
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final TopoStore store;
    private final TopologyKeys keys;

    public SchemaChangeStore(TopoStore store, String cluster) {
        this.store = store;
        this.keys = new TopologyKeys(cluster);
    }

    private String dir() {
        return keys.root() + "schemachanges/";
    }

    private String key(String keyspace, String table) {
        return dir() + keyspace + "/" + table.toLowerCase(Locale.ROOT);
    }

    public Optional<SchemaChangeRecord> get(String keyspace, String table) {
        return store.get(key(keyspace, table)).map(v -> decode(v.value()));
    }

    /** Every table's latest schema change, in key order. */
    public List<SchemaChangeRecord> list() {
        List<SchemaChangeRecord> out = new ArrayList<>();
        store.list(dir()).entries().forEach(e -> out.add(decode(e.value())));
        return out;
    }

    /** Read, change, write by compare-and-swap; {@code change} gets empty for a table never changed. */
    public SchemaChangeRecord update(String keyspace, String table, Function<Optional<SchemaChangeRecord>, SchemaChangeRecord> change) {
        return store.update(key(keyspace, table), v -> Optional.of(encode(change.apply(v.map(SchemaChangeStore::decode)))))
                .map(v -> decode(v.value())).orElseThrow();
    }

    public SchemaChangeRecord put(SchemaChangeRecord r) {
        return update(r.keyspace(), r.table(), x -> r);
    }

    private static SchemaChangeRecord decode(String json) {
        try {
            return JSON.readValue(json, SchemaChangeRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("schema change record is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String encode(SchemaChangeRecord r) {
        try {
            return JSON.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
