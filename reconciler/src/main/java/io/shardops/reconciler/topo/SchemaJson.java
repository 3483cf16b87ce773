package io.shardops.reconciler.topo;

import static io.shardops.reconciler.topo.TopologyJson.JSON;
import static io.shardops.reconciler.topo.TopologyJson.array;
import static io.shardops.reconciler.topo.TopologyJson.list;
import static io.shardops.reconciler.topo.TopologyJson.required;
import static io.shardops.reconciler.topo.TopologyJson.strings;
import static io.shardops.reconciler.topo.TopologyJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shardops.planner.topology.ShardSchema;
import io.shardops.reconciler.topo.TopologyJson.Codec;
import io.shardops.spec.schema.TableDef;
import io.shardops.spec.vschema.VSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON of the schema records in the topology: a keyspace's VSchema and a shard's table definitions. Apart
 * from {@link TopologyJson} (which names them for callers) because they follow the spec's schema model rather
 * than the topology records, and grow with it. Same conventions as the package summary.
 */
final class SchemaJson {
    private SchemaJson() {}

    static final Codec<VSchema> VSCHEMA = new Codec<>("VSchema",
            (v, o) -> {
                o.put("sharded", v.sharded());
                ObjectNode vindexes = o.putObject("vindexes");
                v.vindexes().forEach((name, vi) -> {
                    ObjectNode x = vindexes.putObject(name);
                    x.put("type", vi.type());
                    ObjectNode params = x.putObject("params");
                    new TreeMap<>(vi.params()).forEach(params::put);
                });
                ObjectNode tables = o.putObject("tables");
                v.tables().forEach((name, t) -> {
                    ObjectNode x = tables.putObject(name);
                    x.put("type", t.type());
                    x.set("columnVindexes", array(t.columnVindexes(), cv -> {
                        ObjectNode c = JSON.createObjectNode();
                        c.put("column", cv.column());
                        c.put("name", cv.name());
                        return c;
                    }));
                    if (t.autoIncrement() == null) {
                        x.putNull("autoIncrement");
                    } else {
                        ObjectNode a = x.putObject("autoIncrement");
                        a.put("column", t.autoIncrement().column());
                        a.put("sequence", t.autoIncrement().sequence());
                    }
                });
            },
            n -> {
                Map<String, VSchema.Vindex> vindexes = new LinkedHashMap<>();
                n.path("vindexes").fields().forEachRemaining(e -> {
                    Map<String, String> params = new LinkedHashMap<>();
                    e.getValue().path("params").fields().forEachRemaining(p -> params.put(p.getKey(), p.getValue().asText()));
                    vindexes.put(e.getKey(), new VSchema.Vindex(required(e.getValue(), "type"), params));
                });
                Map<String, VSchema.Table> tables = new LinkedHashMap<>();
                n.path("tables").fields().forEachRemaining(e -> {
                    JsonNode t = e.getValue();
                    JsonNode ai = t.path("autoIncrement");
                    tables.put(e.getKey(), new VSchema.Table(t.path("type").asText(""),
                            list(t.path("columnVindexes"), c -> new VSchema.ColumnVindex(required(c, "column"), required(c, "name"))),
                            ai.isObject() ? new VSchema.AutoIncrement(required(ai, "column"), required(ai, "sequence")) : null));
                });
                return new VSchema(n.path("sharded").asBoolean(false), vindexes, tables);
            });

    static ObjectNode table(TableDef t) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", t.name());
        o.set("columns", array(t.columns(), c -> {
            ObjectNode x = JSON.createObjectNode();
            x.put("name", c.name());
            x.put("type", c.type());
            x.put("notNull", c.notNull());
            x.put("autoIncrement", c.autoIncrement());
            x.put("default", c.defaultValue());
            return x;
        }));
        o.set("primaryKey", strings(t.primaryKey()));
        o.set("indexes", array(t.indexes(), i -> {
            ObjectNode x = JSON.createObjectNode();
            x.put("name", i.name());
            x.put("unique", i.unique());
            x.set("columns", strings(i.columns()));
            return x;
        }));
        o.put("comment", t.comment());
        o.put("createSql", t.createSql());
        return o;
    }

    static TableDef table(JsonNode n) {
        return new TableDef(required(n, "name"),
                list(n.path("columns"), c -> new TableDef.Column(required(c, "name"), required(c, "type"),
                        c.path("notNull").asBoolean(false), c.path("autoIncrement").asBoolean(false), text(c, "default"))),
                strings(n.path("primaryKey")),
                list(n.path("indexes"), i -> new TableDef.Index(required(i, "name"), i.path("unique").asBoolean(false), strings(i.path("columns")))),
                n.path("comment").asText(""), n.path("createSql").asText(""));
    }

    static final Codec<ShardSchema> SHARD_SCHEMA = new Codec<>("Schema",
            (s, o) -> {
                o.put("keyspace", s.keyspace());
                o.put("shard", s.shard());
                o.set("tables", array(s.tables(), SchemaJson::table));
            },
            n -> new ShardSchema(required(n, "keyspace"), required(n, "shard"), list(n.path("tables"), SchemaJson::table)));
}
