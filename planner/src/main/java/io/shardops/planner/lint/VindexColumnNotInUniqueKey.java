package io.shardops.planner.lint;

import io.shardops.spec.Keyspace;
import io.shardops.spec.LintCode;
import io.shardops.spec.schema.TableDef;
import io.shardops.spec.vschema.VSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A unique key of a sharded table that leaves out the primary vindex column: MariaDB enforces it on each shard
 * alone, so two shards may hold the same value, and a move merging them fails on the duplicate.
 */
final class VindexColumnNotInUniqueKey implements LintRule {
    @Override
    public LintCode code() {
        return LintCode.VINDEX_COLUMN_NOT_IN_UNIQUE_KEY;
    }

    @Override
    public void check(LintContext c) {
        for (Keyspace ks : c.after.keyspaces()) {
            if (!ks.sharded()) {
                continue;
            }
            for (Map.Entry<String, VSchema.Table> e : ks.vschema().tables().entrySet()) {
                Optional<VSchema.ColumnVindex> vindex = e.getValue().primaryVindex();
                Optional<TableDef> table = ks.table(e.getKey());
                if (vindex.isEmpty() || table.isEmpty() || !c.isNewOrChanged(ks, table.get())) {
                    continue;
                }
                String column = TablePairs.lower(vindex.get().column());
                VSchema.AutoIncrement sequenced = e.getValue().autoIncrement();
                for (List<String> key : UniqueKeyDropped.uniqueKeys(table.get())) {
                    // a key of only the column a sequence fills is unique across shards: the sequence hands out each value once
                    boolean fromSequence = sequenced != null && key.equals(List.of(TablePairs.lower(sequenced.column())));
                    if (!key.contains(column) && !fromSequence) {
                        c.report(code(), c.table(ks, table.get()), "unique key (" + String.join(", ", key) + ") of " + ks.name() + "." + e.getKey()
                                + " leaves out the primary vindex column " + vindex.get().column() + ": it is unique on each shard only",
                                "add " + vindex.get().column() + " to the key, or make the key's column the primary vindex");
                    }
                }
            }
        }
    }
}
