package io.shardops.planner.diff;

import io.shardops.spec.schema.TableDef;

/** The declarative schema diff's equality, for apply steps that must tell whether an ALTER already ran. */
public final class SchemaDiffs {
    private SchemaDiffs() {}

    /** Whether no ALTER separates the two definitions (columns, keys, comment). */
    public static boolean same(TableDef a, TableDef b) {
        return SchemaDiff.same(a, b);
    }
}
