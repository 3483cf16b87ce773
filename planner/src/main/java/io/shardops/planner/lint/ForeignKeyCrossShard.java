package io.shardops.planner.lint;

import io.shardops.spec.Keyspace;
import io.shardops.spec.LintCode;
import io.shardops.spec.schema.TableDef;
import io.shardops.spec.vschema.VSchema;
import java.util.Optional;

/**
 * A foreign key MariaDB cannot check because the rows it joins may live on different servers: to a table of
 * another keyspace, or, in a sharded keyspace, between tables not sharded alike by the key's columns.
 */
final class ForeignKeyCrossShard implements LintRule {
    @Override
    public LintCode code() {
        return LintCode.FOREIGN_KEY_CROSS_SHARD;
    }

    @Override
    public void check(LintContext c) {
        for (Keyspace ks : c.after.keyspaces()) {
            for (TableDef t : ks.tables()) {
                if (!c.isNewOrChanged(ks, t)) {
                    continue;
                }
                for (int i = 0; i < t.foreignKeys().size(); i++) {
                    TableDef.ForeignKey fk = t.foreignKeys().get(i);
                    int at = i;
                    crossing(ks, t, fk).ifPresent(why -> {
                        c.report(code(), c.foreignKey(ks, t, at), "foreign key of " + ks.name() + "." + t.name() + " references " + fk.referencedTable()
                                + ", which " + why + ": MariaDB checks a foreign key on one server only",
                                "drop the foreign key and check the reference in the application, or keep both tables in one keyspace sharded by the same vindex column");
                    });
                }
            }
        }
    }

    /** Why the rows the key joins may be on different servers, or empty when they are always together. */
    private static Optional<String> crossing(Keyspace ks, TableDef t, TableDef.ForeignKey fk) {
        String ref = fk.referencedTable();
        int dot = ref.indexOf('.');
        if (dot >= 0 && !ref.substring(0, dot).equalsIgnoreCase(ks.name())) {
            return Optional.of("is in keyspace " + ref.substring(0, dot));
        }
        String refTable = dot >= 0 ? ref.substring(dot + 1) : ref;
        if (ks.table(refTable).isEmpty()) {
            return Optional.of("is not a table of keyspace " + ks.name());
        }
        if (!ks.sharded()) {
            return Optional.empty();
        }
        VSchema.Table parent = ks.vschema().table(refTable).orElse(VSchema.Table.PLAIN);
        if ("reference".equals(parent.type())) {
            return Optional.empty(); // a reference table is on every shard
        }
        Optional<VSchema.ColumnVindex> child = ks.vschema().table(t.name()).flatMap(VSchema.Table::primaryVindex);
        Optional<VSchema.ColumnVindex> parentVindex = parent.primaryVindex();
        if (child.isPresent() && parentVindex.isPresent()) {
            int k = fk.columns().indexOf(TablePairs.lower(child.get().column()));
            boolean sameType = PrimaryVindexChanged.typeOf(ks.vschema(), child.get().name()).equals(PrimaryVindexChanged.typeOf(ks.vschema(), parentVindex.get().name()));
            if (k >= 0 && k < fk.referencedColumns().size() && fk.referencedColumns().get(k).equalsIgnoreCase(parentVindex.get().column()) && sameType) {
                return Optional.empty(); // child and parent rows share a keyspace id, so a shard
            }
        }
        return Optional.of("is not sharded like " + t.name() + " by the key's columns");
    }
}
