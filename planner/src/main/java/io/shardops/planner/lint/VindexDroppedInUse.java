package io.shardops.planner.lint;

import io.shardops.spec.Keyspace;
import io.shardops.spec.LintCode;
import io.shardops.spec.vschema.VSchema;
import java.util.Map;

/** A vindex the VSchema no longer declares while a table the spec keeps used it before. */
final class VindexDroppedInUse implements LintRule {
    @Override
    public LintCode code() {
        return LintCode.VINDEX_DROPPED_IN_USE;
    }

    @Override
    public void check(LintContext c) {
        for (Keyspace ks : c.after.keyspaces()) {
            VSchema was = c.vschemaBefore(ks.name());
            for (String vindex : was.vindexes().keySet()) {
                if (ks.vschema().vindexes().containsKey(vindex)) {
                    continue;
                }
                for (Map.Entry<String, VSchema.Table> e : was.tables().entrySet()) {
                    boolean used = e.getValue().columnVindexes().stream().anyMatch(cv -> cv.name().equals(vindex));
                    if (used && ks.vschema().tables().containsKey(e.getKey())) {
                        c.report(code(), c.vtable(ks, e.getKey()), "vindex " + vindex + " of keyspace " + ks.name() + " is dropped while table "
                                + e.getKey() + " uses it: its rows were placed (or are looked up) by it",
                                "keep the vindex while any table uses it; change the tables first, in a change of their own");
                    }
                }
            }
        }
    }
}
