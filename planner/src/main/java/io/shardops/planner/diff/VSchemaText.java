package io.shardops.planner.diff;

import io.shardops.planner.plan.FieldChange;
import io.shardops.spec.vschema.VSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/** VSchemas as short text for people, and their field-level differences. */
public final class VSchemaText {
    private VSchemaText() {}

    public static String vindex(VSchema.Vindex v) {
        return v.params().isEmpty() ? v.type() : v.type() + " " + new TreeMap<>(v.params());
    }

    public static String table(VSchema.Table t) {
        List<String> parts = new ArrayList<>();
        if (t.type() != null && !t.type().isEmpty()) {
            parts.add(t.type());
        }
        for (VSchema.ColumnVindex cv : t.columnVindexes()) {
            parts.add("vindex " + cv.column() + ":" + cv.name());
        }
        if (t.autoIncrement() != null) {
            parts.add("auto_increment " + t.autoIncrement().column() + " from " + t.autoIncrement().sequence());
        }
        return parts.isEmpty() ? "{}" : String.join(", ", parts);
    }

    /** A one-line description: {@code sharded, tables customer, corder}. */
    public static String summary(VSchema v) {
        return (v.sharded() ? "sharded" : "unsharded") + (v.tables().isEmpty() ? ", no tables" : ", tables " + String.join(", ", v.tables().keySet()));
    }

    /** The fields a new VSchema shows: sharded when it is, then its vindexes and tables. */
    static List<FieldChange> created(VSchema v) {
        List<FieldChange> out = new ArrayList<>();
        if (v.sharded()) {
            out.add(new FieldChange("sharded", null, "true"));
        }
        mapDiff(out, "vindexes.", Map.of(), v.vindexes(), VSchemaText::vindex);
        mapDiff(out, "tables.", Map.of(), v.tables(), VSchemaText::table);
        return out;
    }

    static List<FieldChange> diff(VSchema before, VSchema after) {
        List<FieldChange> out = new ArrayList<>();
        if (before.sharded() != after.sharded()) {
            out.add(new FieldChange("sharded", String.valueOf(before.sharded()), String.valueOf(after.sharded())));
        }
        mapDiff(out, "vindexes.", before.vindexes(), after.vindexes(), VSchemaText::vindex);
        mapDiff(out, "tables.", before.tables(), after.tables(), VSchemaText::table);
        return out;
    }

    private static <V> void mapDiff(List<FieldChange> out, String prefix, Map<String, V> before, Map<String, V> after, Function<V, String> show) {
        for (Map.Entry<String, V> e : after.entrySet()) {
            V was = before.get(e.getKey());
            if (!Objects.equals(was, e.getValue())) {
                out.add(new FieldChange(prefix + e.getKey(), was == null ? null : show.apply(was), show.apply(e.getValue())));
            }
        }
        for (Map.Entry<String, V> e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) {
                out.add(new FieldChange(prefix + e.getKey(), show.apply(e.getValue()), null));
            }
        }
    }
}
