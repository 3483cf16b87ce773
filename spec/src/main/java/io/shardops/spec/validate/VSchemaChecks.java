package io.shardops.spec.validate;

import io.shardops.spec.Keyspace;
import io.shardops.spec.SourceLocation;
import io.shardops.spec.schema.TableDef;
import io.shardops.spec.vschema.VSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The VSchema matches the schema, names declared vindexes and real columns, and finds its sequences. */
final class VSchemaChecks {
    static final Set<String> VINDEX_TYPES = Set.of("hash", "binary_md5", "unicode_loose_md5", "binary");

    private VSchemaChecks() {}

    static void run(Checks c) {
        List<Keyspace> keyspaces = c.cluster.keyspaces();
        for (int k = 0; k < keyspaces.size(); k++) {
            keyspace(c, k, keyspaces.get(k));
        }
    }

    private static void keyspace(Checks c, int k, Keyspace ks) {
        VSchema v = ks.vschema();
        for (Map.Entry<String, VSchema.Vindex> e : v.vindexes().entrySet()) {
            if (!VINDEX_TYPES.contains(e.getValue().type())) {
                c.error(c.at.get(SpecLocations.vindex(k, e.getKey())), "vindex.type", "vindex '" + e.getKey() + "' has unknown type '" + e.getValue().type() + "'",
                        "use hash, binary_md5, unicode_loose_md5 or binary");
            }
        }
        for (Map.Entry<String, VSchema.Table> e : v.tables().entrySet()) {
            table(c, k, ks, e.getKey(), e.getValue());
        }
        // the reverse: every table and sequence of the keyspace is routable
        for (int t = 0; t < ks.tables().size(); t++) {
            TableDef def = ks.tables().get(t);
            if (v.tables().keySet().stream().noneMatch(n -> n.equalsIgnoreCase(def.name()))) {
                c.error(c.at.get(SpecLocations.table(k, t), SpecLocations.keyspace(k, "schema")), "vschema.table-missing",
                        "table '" + def.name() + "' of keyspace '" + ks.name() + "' is not in the keyspace's VSchema",
                        "add it under vschema.tables (" + def.name() + ": {}" + (ks.sharded() ? " with column_vindexes" : "") + ")");
            }
        }
        for (String seq : ks.sequences().keySet()) {
            VSchema.Table t = v.tables().get(seq);
            if (t == null || !t.isSequence()) {
                c.error(c.at.get(SpecLocations.sequence(k, seq)), "vschema.sequence-missing",
                        "sequence '" + seq + "' of keyspace '" + ks.name() + "' is not in the VSchema as a sequence",
                        "add " + seq + ": {type: sequence} under vschema.tables");
            }
        }
    }

    private static void table(Checks c, int k, Keyspace ks, String name, VSchema.Table t) {
        SourceLocation at = c.at.get(SpecLocations.vtable(k, name));
        Optional<TableDef> def = ks.table(name);
        if (t.isSequence()) {
            boolean declared = ks.sequences().containsKey(name) || def.map(TableDef::isSequence).orElse(false);
            if (!declared) {
                c.error(at, "vschema.sequence-undeclared", "VSchema table '" + name + "' of keyspace '" + ks.name() + "' has type sequence but no sequence of that name is declared",
                        "declare it under sequences (" + name + ": {start: 1, cache: 100}) in this keyspace");
            }
        } else if (def.isEmpty() && c.schemaComplete(ks.name())) {
            c.error(at, "vschema.table-unknown", "VSchema table '" + name + "' of keyspace '" + ks.name() + "' is not in the keyspace's schema",
                    "add its CREATE TABLE to the keyspace's schema, or remove it from the VSchema");
        }
        if (!ks.sharded() && !t.columnVindexes().isEmpty()) {
            c.error(c.at.get(SpecLocations.vtable(k, name, "cv#0/column"), SpecLocations.vtable(k, name)), "vschema.vindex-unsharded",
                    "table '" + name + "' has column_vindexes but keyspace '" + ks.name() + "' is not sharded",
                    "set vschema.sharded: true, or remove column_vindexes");
        }
        if (ks.sharded() && !t.isSequence() && !"reference".equals(t.type()) && t.columnVindexes().isEmpty()) {
            c.error(at, "vschema.no-primary-vindex", "table '" + name + "' of sharded keyspace '" + ks.name() + "' has no primary vindex",
                    "add column_vindexes: [{column: ..., name: ...}]; the first entry decides each row's shard");
        }
        for (int i = 0; i < t.columnVindexes().size(); i++) {
            VSchema.ColumnVindex cv = t.columnVindexes().get(i);
            if (!ks.vschema().vindexes().containsKey(cv.name())) {
                c.error(c.at.get(SpecLocations.vtable(k, name, "cv#" + i + "/name")), "vschema.vindex-unknown",
                        "column_vindexes of table '" + name + "' names vindex '" + cv.name() + "', which keyspace '" + ks.name() + "' does not declare",
                        ks.vschema().vindexes().isEmpty() ? "declare it under vschema.vindexes, e.g. " + cv.name() + ": {type: hash}"
                                : "declared vindexes: " + String.join(", ", ks.vschema().vindexes().keySet()));
            }
            if (def.isPresent() && def.get().column(cv.column()).isEmpty()) {
                c.error(c.at.get(SpecLocations.vtable(k, name, "cv#" + i + "/column")), "vschema.column-unknown",
                        "column_vindexes of table '" + name + "' names column '" + cv.column() + "', which the table does not have",
                        "columns of " + name + ": " + columnNames(def.get()));
            }
        }
        if (t.autoIncrement() != null) {
            autoIncrement(c, k, ks, name, t.autoIncrement(), def);
        }
    }

    private static void autoIncrement(Checks c, int k, Keyspace ks, String table, VSchema.AutoIncrement ai, Optional<TableDef> def) {
        if (def.isPresent() && def.get().column(ai.column()).isEmpty()) {
            c.error(c.at.get(SpecLocations.vtable(k, table, "ai/column")), "vschema.column-unknown",
                    "auto_increment of table '" + table + "' names column '" + ai.column() + "', which the table does not have",
                    "columns of " + table + ": " + columnNames(def.get()));
        }
        String seqKeyspace = null;
        String seq = ai.sequence();
        int dot = seq.indexOf('.');
        if (dot > 0) {
            seqKeyspace = seq.substring(0, dot);
            seq = seq.substring(dot + 1);
        }
        SourceLocation at = c.at.get(SpecLocations.vtable(k, table, "ai/sequence"));
        for (Keyspace candidate : c.cluster.keyspaces()) {
            if (seqKeyspace != null && !candidate.name().equals(seqKeyspace)) {
                continue;
            }
            boolean declared = candidate.sequences().containsKey(seq) || candidate.table(seq).map(TableDef::isSequence).orElse(false);
            if (declared) {
                if (candidate.sharded()) {
                    c.error(at, "vschema.sequence-sharded", "auto_increment of table '" + table + "' uses sequence '" + seq + "' of sharded keyspace '" + candidate.name() + "'",
                            "sequences live in an unsharded keyspace");
                }
                return;
            }
        }
        c.error(at, "vschema.sequence-unknown", "auto_increment of table '" + table + "' names sequence '" + ai.sequence() + "', which no unsharded keyspace declares",
                "declare it under sequences of an unsharded keyspace (e.g. commerce: sequences: {" + seq + ": {start: 1000, cache: 100}}) and list it in that VSchema with type: sequence");
    }

    private static String columnNames(TableDef def) {
        return String.join(", ", def.columns().stream().map(TableDef.Column::name).toList());
    }
}
