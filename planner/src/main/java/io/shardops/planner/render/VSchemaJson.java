package io.shardops.planner.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shardops.spec.vschema.VSchema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A VSchema in Vitess's JSON shape ({@code sharded}, {@code vindexes}, {@code tables} with {@code column_vindexes}, {@code auto_increment}). */
public final class VSchemaJson {
    private VSchemaJson() {}

    public static ObjectNode write(VSchema v) {
        ObjectNode n = PlanJson.mapper().createObjectNode();
        n.put("sharded", v.sharded());
        ObjectNode vindexes = n.putObject("vindexes");
        v.vindexes().forEach((name, vi) -> {
            ObjectNode o = vindexes.putObject(name);
            o.put("type", vi.type());
            if (!vi.params().isEmpty()) {
                ObjectNode p = o.putObject("params");
                new TreeMap<>(vi.params()).forEach(p::put);
            }
        });
        ObjectNode tables = n.putObject("tables");
        v.tables().forEach((name, t) -> {
            ObjectNode o = tables.putObject(name);
            if (t.type() != null && !t.type().isEmpty()) {
                o.put("type", t.type());
            }
            if (!t.columnVindexes().isEmpty()) {
                ArrayNode cv = o.putArray("column_vindexes");
                t.columnVindexes().forEach(c -> cv.addObject().put("column", c.column()).put("name", c.name()));
            }
            if (t.autoIncrement() != null) {
                o.putObject("auto_increment").put("column", t.autoIncrement().column()).put("sequence", t.autoIncrement().sequence());
            }
        });
        return n;
    }

    public static VSchema read(JsonNode n) {
        Map<String, VSchema.Vindex> vindexes = new LinkedHashMap<>();
        JsonNode vn = n.get("vindexes");
        if (vn != null) {
            Iterator<Map.Entry<String, JsonNode>> it = vn.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                Map<String, String> params = new LinkedHashMap<>();
                JsonNode p = e.getValue().get("params");
                if (p != null) {
                    p.fields().forEachRemaining(x -> params.put(x.getKey(), x.getValue().asText()));
                }
                vindexes.put(e.getKey(), new VSchema.Vindex(PlanJson.text(e.getValue(), "type"), params));
            }
        }
        Map<String, VSchema.Table> tables = new LinkedHashMap<>();
        JsonNode tn = n.get("tables");
        if (tn != null) {
            Iterator<Map.Entry<String, JsonNode>> it = tn.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode t = e.getValue();
                List<VSchema.ColumnVindex> cvs = new ArrayList<>();
                JsonNode cv = t.get("column_vindexes");
                if (cv != null) {
                    cv.forEach(c -> cvs.add(new VSchema.ColumnVindex(PlanJson.text(c, "column"), PlanJson.text(c, "name"))));
                }
                JsonNode ai = t.get("auto_increment");
                VSchema.AutoIncrement auto = ai == null || ai.isNull() ? null : new VSchema.AutoIncrement(PlanJson.text(ai, "column"), PlanJson.text(ai, "sequence"));
                tables.put(e.getKey(), new VSchema.Table(t.has("type") ? t.get("type").asText() : "", cvs, auto));
            }
        }
        JsonNode sharded = n.get("sharded");
        return new VSchema(sharded != null && sharded.asBoolean(), vindexes, tables);
    }
}
