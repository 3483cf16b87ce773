package io.shardops.reconciler.apply.steps.schemachange;

import io.shardops.dataplane.tablet.TabletManager;
import io.shardops.planner.topology.ShardSchema;
import io.shardops.planner.topology.TopologyOf;
import io.shardops.reconciler.topo.EtcdTopologySource;
import io.shardops.reconciler.topo.TopologyWriter;
import io.shardops.spec.Cluster;
import io.shardops.spec.SourceLocation;
import io.shardops.spec.ddl.CreateTableParser;
import io.shardops.spec.schema.TableDef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The table's definition in each shard's schema in etcd, kept in step with what a change did on the tablets, so the
 * next plan compares against what is live and does not ask for the change again.
 */
final class ShardSchemaRecords {
    private final Cluster desired;

    /** @param desired the spec being applied (its table definitions go into the topology), or null for a saved plan */
    ShardSchemaRecords(Cluster desired) {
        this.desired = desired;
    }

    /** The shard's schema in etcd: the table as the spec (else the tablet) defines it. */
    void recordTable(TopologyWriter writer, String keyspace, String shard, String table, TabletManager m) {
        specTable(keyspace, table).or(() -> liveTable(m, table)).ifPresent(d -> mergeSchema(writer, keyspace, shard, List.of(d), List.of()));
    }

    /** After a revert: the table as the topology had it before the change (so the planner compares exactly as before), else as the tablet has it. */
    void recordReverted(TopologyWriter writer, String keyspace, String shard, String table, Optional<TableDef> before, TabletManager m) {
        before.or(() -> liveTable(m, table)).ifPresent(d -> mergeSchema(writer, keyspace, shard, List.of(d), List.of()));
    }

    static ShardSchema shardSchema(TopologyWriter writer, String keyspace, String shard) {
        return new EtcdTopologySource(writer.store()).read(writer.keys().cluster())
                .schema(keyspace, shard).orElse(new ShardSchema(keyspace, shard, List.of()));
    }

    private static void mergeSchema(TopologyWriter writer, String keyspace, String shard, List<TableDef> put, List<String> dropped) {
        ShardSchema before = shardSchema(writer, keyspace, shard);
        Map<String, TableDef> tables = new LinkedHashMap<>();
        before.tables().forEach(d -> tables.put(d.name().toLowerCase(Locale.ROOT), d));
        dropped.forEach(n -> tables.remove(n.toLowerCase(Locale.ROOT)));
        put.forEach(d -> tables.put(d.name().toLowerCase(Locale.ROOT), d));
        writer.putShardSchema(new ShardSchema(keyspace, shard, List.copyOf(tables.values())));
    }

    /** The table as the spec being applied defines it; empty for a saved plan, which carries no spec. */
    Optional<TableDef> specTable(String keyspace, String table) {
        if (desired == null) {
            return Optional.empty();
        }
        return desired.keyspace(keyspace).flatMap(k -> TopologyOf.desiredTables(k).stream().filter(d -> d.name().equalsIgnoreCase(table)).findFirst());
    }

    /** The table as the tablet's MariaDB has it now. */
    static Optional<TableDef> liveTable(TabletManager m, String table) {
        return m.schema(List.of(table)).stream().findFirst().flatMap(s -> parse(s.createSql()));
    }

    static Optional<TableDef> parse(String createSql) {
        return CreateTableParser.parse(createSql, (line, col) -> SourceLocation.UNKNOWN).tables().stream()
                .map(CreateTableParser.Parsed::table).findFirst();
    }
}
