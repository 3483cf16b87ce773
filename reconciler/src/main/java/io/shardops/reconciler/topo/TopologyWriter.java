package io.shardops.reconciler.topo;

import io.shardops.planner.topology.KeyspaceRecord;
import io.shardops.planner.topology.ReconcilerRecord;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.ShardSchema;
import io.shardops.planner.topology.SrvKeyspace;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.spec.vschema.VSchema;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Typed writes to one cluster's topology, each a compare-and-swap through {@link TopoStore#update}
 * (retried on conflict, no write when nothing changes). Creates are idempotent when the record
 * already holds the same value, so a step that is redone after a crash does not fail on its own
 * earlier write.
 */
public final class TopologyWriter {
    private final TopoStore store;
    private final TopologyKeys keys;

    public TopologyWriter(TopoStore store, String cluster) {
        this.store = store;
        this.keys = new TopologyKeys(cluster);
    }

    public TopologyKeys keys() {
        return keys;
    }

    public TopoStore store() {
        return store;
    }

    /** Read-modify-write of one typed record: {@code change} gets the current record (empty if absent) and returns the wanted one (empty deletes). */
    public <T> Optional<T> update(String key, TopologyJson.Codec<T> codec, UnaryOperator<Optional<T>> change) {
        Optional<Versioned> after = store.update(key, old -> {
            Optional<T> before = old.map(v -> codec.decode(key, v));
            Optional<T> wanted = change.apply(before);
            if (wanted.equals(before)) {
                return old; // equal records: keep the stored text as it is
            }
            return wanted.map(codec::encode);
        });
        return after.map(v -> codec.decode(key, v.value()));
    }

    /** Puts {@code value} unless the key already holds an equal record. */
    public <T> T put(String key, TopologyJson.Codec<T> codec, T value) {
        return update(key, codec, old -> Optional.of(value)).orElseThrow();
    }

    /**
     * Creates a record that must not exist with different content: an equal record is accepted (the
     * step ran before), a different one is {@link TopoException.Kind#NODE_EXISTS}.
     */
    public <T> T create(String key, TopologyJson.Codec<T> codec, T value) {
        return update(key, codec, old -> {
            if (old.isPresent() && !old.get().equals(value)) {
                throw new TopoException(TopoException.Kind.NODE_EXISTS,
                        key + " already exists with different content; it was created by someone else or by an earlier spec");
            }
            return Optional.of(value);
        }).orElseThrow();
    }

    // ---- cells

    public void createCell(String cell) {
        put(keys.cellInfo(cell), TopologyJson.CELL_INFO, cell);
    }

    // ---- keyspaces

    public KeyspaceRecord createKeyspace(KeyspaceRecord keyspace) {
        return create(keys.keyspace(keyspace.name()), TopologyJson.KEYSPACE, keyspace);
    }

    public Optional<KeyspaceRecord> updateKeyspace(String keyspace, UnaryOperator<KeyspaceRecord> change) {
        return update(keys.keyspace(keyspace), TopologyJson.KEYSPACE, old -> old.map(change));
    }

    /** Deletes the keyspace and everything under it (VSchema, shards, schemas, workflows). */
    public long deleteKeyspace(String keyspace) {
        return store.deletePrefix(keys.keyspaceDir(keyspace));
    }

    public VSchema putVSchema(String keyspace, VSchema vschema) {
        return put(keys.vschema(keyspace), TopologyJson.VSCHEMA, vschema);
    }

    // ---- shards

    public ShardRecord createShard(ShardRecord shard) {
        return create(keys.shard(shard.keyspace(), shard.name()), TopologyJson.SHARD, shard);
    }

    /** Changes an existing shard; empty when it does not exist. */
    public Optional<ShardRecord> updateShard(String keyspace, String shard, UnaryOperator<ShardRecord> change) {
        return update(keys.shard(keyspace, shard), TopologyJson.SHARD, old -> old.map(change));
    }

    /** Deletes the shard record and its schema. */
    public long deleteShard(String keyspace, String shard) {
        return store.deletePrefix(keys.shardDir(keyspace, shard));
    }

    public ShardSchema putShardSchema(ShardSchema schema) {
        return put(keys.shardSchema(schema.keyspace(), schema.shard()), TopologyJson.SHARD_SCHEMA, schema);
    }

    // ---- tablets

    public TabletRecord putTablet(TabletRecord tablet) {
        return put(keys.tablet(tablet.cell(), tablet.alias()), TopologyJson.TABLET, tablet);
    }

    public Optional<TabletRecord> updateTablet(String cell, String alias, UnaryOperator<TabletRecord> change) {
        return update(keys.tablet(cell, alias), TopologyJson.TABLET, old -> old.map(change));
    }

    public boolean deleteTablet(String cell, String alias) {
        return store.delete(keys.tablet(cell, alias));
    }

    // ---- serving graph

    public SrvKeyspace putSrvKeyspace(SrvKeyspace srv) {
        return put(keys.srvKeyspace(srv.cell(), srv.keyspace()), TopologyJson.SRV_KEYSPACE, srv);
    }

    /** Changes a cell's SrvKeyspace; {@code change} gets empty when there is none yet. */
    public Optional<SrvKeyspace> updateSrvKeyspace(String cell, String keyspace, UnaryOperator<Optional<SrvKeyspace>> change) {
        return update(keys.srvKeyspace(cell, keyspace), TopologyJson.SRV_KEYSPACE, change);
    }

    public boolean deleteSrvKeyspace(String cell, String keyspace) {
        return store.delete(keys.srvKeyspace(cell, keyspace));
    }

    // ---- workflows

    public WorkflowRecord putWorkflow(WorkflowRecord workflow) {
        return put(keys.workflow(workflow.targetKeyspace(), workflow.name()), TopologyJson.WORKFLOW, workflow);
    }

    public Optional<WorkflowRecord> updateWorkflow(String targetKeyspace, String name, UnaryOperator<WorkflowRecord> change) {
        return update(keys.workflow(targetKeyspace, name), TopologyJson.WORKFLOW, old -> old.map(change));
    }

    public boolean deleteWorkflow(String targetKeyspace, String name) {
        return store.delete(keys.workflow(targetKeyspace, name));
    }

    // ---- reconciler

    public ReconcilerRecord updateReconciler(UnaryOperator<ReconcilerRecord> change) {
        return update(keys.reconcilerState(), TopologyJson.RECONCILER,
                old -> Optional.of(change.apply(old.orElse(ReconcilerRecord.NONE)))).orElseThrow();
    }
}
