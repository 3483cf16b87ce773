package io.shardops.planner.lint;

import io.shardops.spec.Keyspace;
import io.shardops.spec.LintCode;
import io.shardops.spec.schema.TableDef;
import io.shardops.spec.vschema.VSchema;
import java.util.Map;
import java.util.Optional;

/**
 * The type of a table's primary vindex column changes kind (integer, decimal, text, bytes, time): the vindex hashes
 * the value's integer or its bytes, so the same row may map to another keyspace id and no longer be where the
 * gateway looks. A wider type of the same kind keeps every value and its bytes ({@code int} to {@code bigint}).
 */
final class VindexColumnTypeChanged implements LintRule {
    @Override
    public LintCode code() {
        return LintCode.VINDEX_COLUMN_TYPE_CHANGED;
    }

    @Override
    public void check(LintContext c) {
        for (Keyspace ks : c.after.keyspaces()) {
            if (!ks.sharded()) {
                continue;
            }
            for (Map.Entry<String, VSchema.Table> e : ks.vschema().tables().entrySet()) {
                Optional<VSchema.ColumnVindex> vindex = e.getValue().primaryVindex();
                Optional<TableDef> now = ks.table(e.getKey());
                Optional<TableDef> was = c.before.table(ks.name(), e.getKey());
                if (vindex.isEmpty() || now.isEmpty() || was.isEmpty()) {
                    continue;
                }
                String column = vindex.get().column();
                Optional<TableDef.Column> before = was.get().column(column);
                Optional<TableDef.Column> after = now.get().column(column);
                if (before.isPresent() && after.isPresent() && !ColumnTypes.family(before.get().type()).equals(ColumnTypes.family(after.get().type()))) {
                    c.report(code(), c.column(ks, now.get(), column), "column " + e.getKey() + "." + column + " is the primary vindex column and changes from "
                            + before.get().type() + " to " + after.get().type() + ": the vindex may map its values to other shards",
                            "keep the vindex column's type; if it must change, move the rows to a new table with the new type");
                }
            }
        }
    }
}
