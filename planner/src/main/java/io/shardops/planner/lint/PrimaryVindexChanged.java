package io.shardops.planner.lint;

import io.shardops.spec.Keyspace;
import io.shardops.spec.LintCode;
import io.shardops.spec.vschema.VSchema;
import java.util.Map;
import java.util.Optional;

/**
 * A table of a sharded keyspace whose primary vindex (its column or the vindex's type) changes: every row's
 * keyspace id changes, so rows sit on shards the gateway no longer routes them to.
 */
final class PrimaryVindexChanged implements LintRule {
    @Override
    public LintCode code() {
        return LintCode.PRIMARY_VINDEX_CHANGED;
    }

    @Override
    public void check(LintContext c) {
        for (Keyspace ks : c.after.keyspaces()) {
            VSchema was = c.vschemaBefore(ks.name());
            if (!was.sharded() || !ks.sharded()) {
                continue;
            }
            for (Map.Entry<String, VSchema.Table> e : ks.vschema().tables().entrySet()) {
                Optional<VSchema.ColumnVindex> before = was.table(e.getKey()).flatMap(VSchema.Table::primaryVindex);
                Optional<VSchema.ColumnVindex> after = e.getValue().primaryVindex();
                if (before.isEmpty() || after.isEmpty()) {
                    continue;
                }
                String typeBefore = typeOf(was, before.get().name());
                String typeAfter = typeOf(ks.vschema(), after.get().name());
                if (!before.get().column().equalsIgnoreCase(after.get().column()) || !typeBefore.equals(typeAfter)) {
                    c.report(code(), c.primaryVindex(ks, e.getKey()), "the primary vindex of " + ks.name() + "." + e.getKey() + " changes from "
                            + before.get().column() + " by " + typeBefore + " to " + after.get().column() + " by " + typeAfter
                            + ": every row's shard changes, and the rows already stored would be on the wrong shards",
                            "keep the primary vindex; to shard by another column, move the rows to a new table (MoveTables) that uses it");
                }
            }
        }
    }

    static String typeOf(VSchema vschema, String vindex) {
        VSchema.Vindex v = vschema.vindexes().get(vindex);
        return v == null ? vindex : v.type();
    }
}
