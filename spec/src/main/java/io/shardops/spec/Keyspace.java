package io.shardops.spec;

import io.shardops.spec.schema.TableDef;
import io.shardops.spec.vschema.VSchema;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A keyspace: a logical database, unsharded (one shard "0") or sharded by a primary vindex.
 *
 * @param shards    may be empty: the keyspace is then served from another keyspace
 * @param tables    the desired tables, parsed from the declared CREATE TABLE statements, in order
 * @param sequences sequence tables (unsharded keyspaces only), by table name, in order
 * @param vschema   the keyspace's VSchema
 * @param schemaChanges how its ALTER TABLEs run
 * @param durability the keyspace's {@code durability} override; null when it does not say
 */
public record Keyspace(
        String name,
        List<Shard> shards,
        List<TableDef> tables,
        Map<String, Sequence> sequences,
        VSchema vschema,
        SourceLocation location,
        SchemaChanges schemaChanges,
        Durability durability) {

    public Keyspace {
        schemaChanges = schemaChanges == null ? SchemaChanges.DEFAULT : schemaChanges;
        shards = List.copyOf(shards);
        tables = List.copyOf(tables);
        sequences = Collections.unmodifiableMap(new LinkedHashMap<>(sequences));
    }

    /** A keyspace whose ALTER TABLEs run the default way (online). */
    public Keyspace(String name, List<Shard> shards, List<TableDef> tables, Map<String, Sequence> sequences, VSchema vschema,
                    SourceLocation location) {
        this(name, shards, tables, sequences, vschema, location, SchemaChanges.DEFAULT, null);
    }

    /** A keyspace whose ALTER TABLEs run the default way, with its own durability override (null: none). */
    public Keyspace(String name, List<Shard> shards, List<TableDef> tables, Map<String, Sequence> sequences, VSchema vschema,
                    SourceLocation location, Durability durability) {
        this(name, shards, tables, sequences, vschema, location, SchemaChanges.DEFAULT, durability);
    }

    /** A keyspace with its own way of running ALTER TABLEs and the cluster's durability. */
    public Keyspace(String name, List<Shard> shards, List<TableDef> tables, Map<String, Sequence> sequences, VSchema vschema,
                    SourceLocation location, SchemaChanges schemaChanges) {
        this(name, shards, tables, sequences, vschema, location, schemaChanges, null);
    }

    public boolean sharded() {
        return vschema.sharded();
    }

    public Optional<Shard> shard(String shardName) {
        return shards.stream().filter(s -> s.name().equals(shardName)).findFirst();
    }

    public Optional<TableDef> table(String tableName) {
        return tables.stream().filter(t -> t.name().equalsIgnoreCase(tableName)).findFirst();
    }
}
