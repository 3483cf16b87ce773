package io.shardops.reconciler.topo;

import io.shardops.planner.topology.KeyspaceRecord;
import io.shardops.planner.topology.ReconcilerRecord;
import io.shardops.planner.topology.SchemaChangeRecord;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.ShardSchema;
import io.shardops.planner.topology.SrvKeyspace;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.TopologySource;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.spec.vschema.VSchema;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a cluster's whole {@link Topology} from the store in one read at one revision, with the mod
 * revision of every key it used. The reconciler's bookkeeping (lock, run records) is left out of the
 * mod revisions: an apply writing its progress does not make other plans stale.
 */
public final class EtcdTopologySource implements TopologySource {
    private final TopoStore store;

    public EtcdTopologySource(TopoStore store) {
        this.store = store;
    }

    @Override
    public Topology read(String clusterName) {
        TopologyKeys keys = new TopologyKeys(clusterName);
        return decode(keys, store.list(keys.root()));
    }

    /** Builds the topology from entries read at one revision. */
    static Topology decode(TopologyKeys keys, Listing listing) {
        Set<String> cells = new LinkedHashSet<>();
        Map<String, Long> modRevisions = new LinkedHashMap<>();
        Map<String, KeyspaceRecord> keyspaces = new LinkedHashMap<>();
        Map<String, ShardRecord> shards = new LinkedHashMap<>();
        Map<String, TabletRecord> tablets = new LinkedHashMap<>();
        Map<String, SrvKeyspace> srvKeyspaces = new LinkedHashMap<>();
        Map<String, VSchema> vschemas = new LinkedHashMap<>();
        Map<String, ShardSchema> schemas = new LinkedHashMap<>();
        Map<String, WorkflowRecord> workflows = new LinkedHashMap<>();
        Map<String, List<String>> needsRebuild = new LinkedHashMap<>();
        Map<String, SchemaChangeRecord> schemaChanges = new LinkedHashMap<>();
        ReconcilerRecord reconciler = ReconcilerRecord.NONE;
        for (Versioned e : listing.entries()) {
            Optional<TopologyKeys.Parsed> parsed = keys.parse(e.key());
            if (parsed.isEmpty()) {
                continue; // not part of the layout (a newer writer's key): ignored, as unknown JSON fields are
            }
            TopologyKeys.Parsed p = parsed.get();
            switch (p) {
                case TopologyKeys.CellInfoKey c -> cells.add(TopologyJson.CELL_INFO.decode(e.key(), e.value()));
                case TopologyKeys.KeyspaceKey k -> keyspaces.put(k.keyspace(), TopologyJson.KEYSPACE.decode(e.key(), e.value()));
                case TopologyKeys.VSchemaKey k -> vschemas.put(k.keyspace(), TopologyJson.VSCHEMA.decode(e.key(), e.value()));
                case TopologyKeys.ShardKey k -> {
                    ShardRecord s = TopologyJson.SHARD.decode(e.key(), e.value());
                    shards.put(Topology.shardKey(k.keyspace(), k.shard()), s);
                }
                case TopologyKeys.ShardSchemaKey k ->
                        schemas.put(Topology.shardKey(k.keyspace(), k.shard()), TopologyJson.SHARD_SCHEMA.decode(e.key(), e.value()));
                case TopologyKeys.WorkflowKey k -> {
                    WorkflowRecord w = TopologyJson.WORKFLOW.decode(e.key(), e.value());
                    workflows.put(w.name(), w);
                }
                case TopologyKeys.TabletKey k -> {
                    cells.add(k.cell());
                    tablets.put(k.alias(), TopologyJson.TABLET.decode(e.key(), e.value()));
                }
                case TopologyKeys.SrvKeyspaceKey k -> {
                    cells.add(k.cell());
                    SrvKeyspace s = TopologyJson.SRV_KEYSPACE.decode(e.key(), e.value());
                    srvKeyspaces.put(s.key(), s);
                }
                // a schema change's record moves with its progress (every few hundred ms during a copy): it would make every
                // saved plan stale; the steps that act on it read it again when they run
                case TopologyKeys.SchemaChangeKey k -> {
                    schemaChanges.put(Topology.schemaChangeKey(k.keyspace(), k.table()), SchemaChangeJson.decode(e.key(), e.value()));
                    continue;
                }
                // the failover monitor's record is not what a plan was made from: a failover does not make a saved plan stale
                case TopologyKeys.ShardFailoversKey k -> {
                    List<String> listed = NeedsRebuildJson.decode(e.value());
                    if (!listed.isEmpty()) {
                        needsRebuild.put(Topology.shardKey(k.keyspace(), k.shard()), listed);
                    }
                    continue;
                }
                // the reconciler's own records carry no mod revision a plan compares against
                case TopologyKeys.ReconcilerStateKey r -> {
                    reconciler = TopologyJson.RECONCILER.decode(e.key(), e.value());
                    continue;
                }
                case TopologyKeys.ReconcilerKey r -> {
                    continue; // the reconciler's runs and lock: not part of the topology
                }
            }
            modRevisions.put(e.key(), e.modRevision());
        }
        return new Topology(keys.cluster(), listing.revision(), modRevisions, List.copyOf(cells), keyspaces, shards,
                tablets, srvKeyspaces, vschemas, schemas, workflows, reconciler, needsRebuild, schemaChanges);
    }
}
