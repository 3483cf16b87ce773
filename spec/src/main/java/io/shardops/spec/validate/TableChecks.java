package io.shardops.spec.validate;

import io.shardops.spec.Keyspace;
import io.shardops.spec.SourceLocation;
import io.shardops.spec.schema.TableDef;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Tables are declared once: unique in a keyspace, and across keyspaces unless a move explains both. */
final class TableChecks {
    private TableChecks() {}

    /** Where a table name was first declared. */
    private record Declared(int keyspace, String keyspaceName, SourceLocation at) {}

    static void run(Checks c) {
        Map<String, Declared> everywhere = new HashMap<>();
        List<Keyspace> keyspaces = c.cluster.keyspaces();
        for (int k = 0; k < keyspaces.size(); k++) {
            Keyspace ks = keyspaces.get(k);
            Map<String, SourceLocation> here = new HashMap<>();
            for (int t = 0; t < ks.tables().size(); t++) {
                TableDef table = ks.tables().get(t);
                SourceLocation at = c.at.get(SpecLocations.table(k, t), SpecLocations.keyspace(k, "schema"));
                SourceLocation first = here.putIfAbsent(table.name(), at);
                if (first != null) {
                    c.error(at, "table.duplicate", "table '" + table.name() + "' is created twice in keyspace '" + ks.name() + "' (first at " + first + ")",
                            "keep one CREATE TABLE per table");
                    continue;
                }
                acrossKeyspaces(c, everywhere, table.name(), k, ks.name(), at);
                columns(c, ks, table, at);
            }
            for (String seq : ks.sequences().keySet()) {
                SourceLocation at = c.at.get(SpecLocations.sequence(k, seq));
                String folded = seq.toLowerCase(Locale.ROOT);
                if (here.containsKey(folded)) {
                    c.error(at, "sequence.duplicate", "sequence '" + seq + "' has the name of a table of keyspace '" + ks.name() + "' (" + here.get(folded) + ")",
                            "a sequence is a table of its own; give it another name, like " + seq + "_seq");
                    continue;
                }
                here.put(folded, at);
                acrossKeyspaces(c, everywhere, folded, k, ks.name(), at);
                if (ks.sharded()) {
                    c.error(at, "sequence.sharded", "sequence '" + seq + "' is declared in sharded keyspace '" + ks.name() + "'",
                            "sequences live in an unsharded keyspace (as customer_seq lives in commerce); move it there");
                }
            }
            if (ks.shards().isEmpty() && !ks.tables().isEmpty()
                    && c.moveTables().stream().noneMatch(m -> m.to().equals(ks.name()))) {
                c.error(c.at.get(SpecLocations.keyspace(k, "shards"), SpecLocations.keyspace(k)), "keyspace.no-shards",
                        "keyspace '" + ks.name() + "' declares tables but has no shards to hold them",
                        "add a shard (name: \"0\" for an unsharded keyspace), or declare a moveTables migration into it while it is served from another keyspace");
            }
        }
    }

    private static void acrossKeyspaces(Checks c, Map<String, Declared> everywhere, String table, int k, String ksName, SourceLocation at) {
        Declared first = everywhere.putIfAbsent(table, new Declared(k, ksName, at));
        if (first == null || first.keyspace() == k) {
            return;
        }
        boolean explained = c.moveTables().stream().anyMatch(m -> m.tables().stream().anyMatch(t -> t.equalsIgnoreCase(table))
                && (m.from().equals(first.keyspaceName()) && m.to().equals(ksName) || m.from().equals(ksName) && m.to().equals(first.keyspaceName())));
        if (!explained) {
            c.error(at, "table.in-two-keyspaces", "table '" + table + "' is declared in keyspace '" + ksName + "' and in keyspace '"
                    + first.keyspaceName() + "' (" + first.at() + ")",
                    "declare a table in one keyspace; to move it, declare it in the target only (the move is inferred) or add a moveTables migration");
        }
    }

    private static void columns(Checks c, Keyspace ks, TableDef table, SourceLocation at) {
        Map<String, Boolean> seen = new HashMap<>();
        for (TableDef.Column col : table.columns()) {
            if (seen.put(col.name(), true) != null) {
                c.error(at, "table.column-duplicate", "table '" + table.name() + "' of keyspace '" + ks.name() + "' declares column '" + col.name() + "' twice",
                        "each column once");
            }
        }
        for (String pk : table.primaryKey()) {
            if (!seen.containsKey(pk)) {
                c.error(at, "table.key-column", "the primary key of table '" + table.name() + "' names column '" + pk + "', which the table does not have",
                        "name columns of the CREATE TABLE in its keys");
            }
        }
        for (TableDef.Index index : table.indexes()) {
            for (String col : index.columns()) {
                if (!seen.containsKey(col)) {
                    c.error(at, "table.key-column", "index '" + index.name() + "' of table '" + table.name() + "' names column '" + col + "', which the table does not have",
                            "name columns of the CREATE TABLE in its keys");
                }
            }
        }
    }
}
