package io.shardops.reconciler.apply.steps.schemachange;

import io.shardops.planner.topology.SchemaChangeRecord;
import io.shardops.reconciler.topo.SchemaChangeJson;
import io.shardops.reconciler.topo.TopoStore;
import io.shardops.reconciler.topo.TopologyKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Schema change records in etcd, written by compare-and-swap. */
public final class SchemaChangeStore {
    private final TopoStore store;
    private final TopologyKeys keys;

    public SchemaChangeStore(TopoStore store, String cluster) {
        this.store = store;
        this.keys = new TopologyKeys(cluster);
    }

    private String dir() {
        return keys.schemaChanges();
    }

    private String key(String keyspace, String table) {
        return keys.schemaChange(keyspace, table);
    }

    public Optional<SchemaChangeRecord> get(String keyspace, String table) {
        return store.get(key(keyspace, table)).map(v -> SchemaChangeJson.decode(v.key(), v.value()));
    }

    /** Every table's latest schema change, in key order. */
    public List<SchemaChangeRecord> list() {
        List<SchemaChangeRecord> out = new ArrayList<>();
        store.list(dir()).entries().forEach(e -> out.add(SchemaChangeJson.decode(e.key(), e.value())));
        return out;
    }

    /** Read, change, write by compare-and-swap; {@code change} gets empty for a table never changed. */
    public SchemaChangeRecord update(String keyspace, String table, Function<Optional<SchemaChangeRecord>, SchemaChangeRecord> change) {
        return store.update(key(keyspace, table), v -> Optional.of(SchemaChangeJson.encode(change.apply(v.map(x -> SchemaChangeJson.decode(key(keyspace, table), x))))))
                .map(v -> SchemaChangeJson.decode(v.key(), v.value())).orElseThrow();
    }

    public SchemaChangeRecord put(SchemaChangeRecord r) {
        return update(r.keyspace(), r.table(), x -> r);
    }
}
