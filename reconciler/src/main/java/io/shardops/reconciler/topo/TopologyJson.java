package io.shardops.reconciler.topo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shardops.planner.render.BackupPolicyJson;
import io.shardops.planner.topology.KeyspaceRecord;
import io.shardops.planner.topology.ReconcilerRecord;
import io.shardops.planner.topology.RunState;
import io.shardops.planner.topology.ServedFrom;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.ShardSchema;
import io.shardops.planner.topology.SourceShard;
import io.shardops.planner.topology.SrvKeyspace;
import io.shardops.planner.topology.StreamRecord;
import io.shardops.planner.topology.TabletControl;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.TabletState;
import io.shardops.planner.topology.WorkflowKind;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.planner.topology.WorkflowStage;
import io.shardops.spec.TabletType;
import io.shardops.spec.key.KeyRange;
import io.shardops.spec.vschema.VSchema;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Explicit JSON mapping of the topology records, one {@link Codec} per record type (conventions in
 * the package summary). Written by hand rather than by reflection so a renamed Java field never
 * silently changes what is stored in etcd.
 */
public final class TopologyJson {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private TopologyJson() {}

    /** Encodes one record type to JSON text and back. */
    public static final class Codec<T> {
        private final String what;
        private final BiConsumer<T, ObjectNode> writer;
        private final Function<JsonNode, T> reader;

        Codec(String what, BiConsumer<T, ObjectNode> writer, Function<JsonNode, T> reader) {
            this.what = what;
            this.writer = writer;
            this.reader = reader;
        }

        public String encode(T value) {
            ObjectNode o = JSON.createObjectNode();
            writer.accept(value, o);
            return o.toString();
        }

        /** Decodes the value stored at {@code key}; {@link TopoException.Kind#BAD_VALUE} naming the key when it is not one. */
        public T decode(String key, String text) {
            try {
                JsonNode n = JSON.readTree(text);
                if (n == null || !n.isObject()) {
                    throw new IllegalArgumentException("not a JSON object");
                }
                return reader.apply(n);
            } catch (JsonProcessingException | RuntimeException e) {
                throw new TopoException(TopoException.Kind.BAD_VALUE,
                        key + " does not hold a " + what + " record: " + e.getMessage()
                                + ". Inspect it with: etcdctl get " + key, e);
            }
        }

        ObjectNode tree(T value) {
            ObjectNode o = JSON.createObjectNode();
            writer.accept(value, o);
            return o;
        }
    }

    // ---- shared pieces

    static String typeWord(TabletType t) {
        return t.word();
    }

    static TabletType tabletType(JsonNode n) {
        String w = n.asText();
        return TabletType.fromWord(w).orElseThrow(() -> new IllegalArgumentException("unknown tablet type '" + w + "'"));
    }

    static String enumWord(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static <E extends Enum<E>> E enumOf(Class<E> type, JsonNode n) {
        return Enum.valueOf(type, n.asText().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    static ObjectNode keyRange(KeyRange r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("start", HEX.formatHex(r.start()));
        o.put("end", HEX.formatHex(r.end()));
        return o;
    }

    static KeyRange keyRange(JsonNode n) {
        return new KeyRange(HEX.parseHex(n.path("start").asText("")), HEX.parseHex(n.path("end").asText("")));
    }

    static ArrayNode strings(List<String> l) {
        ArrayNode a = JSON.createArrayNode();
        l.forEach(a::add);
        return a;
    }

    static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(e -> out.add(e.asText()));
        return out;
    }

    static <T> ArrayNode array(List<T> l, Function<T, JsonNode> f) {
        ArrayNode a = JSON.createArrayNode();
        l.forEach(e -> a.add(f.apply(e)));
        return a;
    }

    static <T> List<T> list(JsonNode n, Function<JsonNode, T> f) {
        List<T> out = new ArrayList<>();
        n.forEach(e -> out.add(f.apply(e)));
        return out;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static String required(JsonNode n, String field) {
        String v = text(n, field);
        if (v == null) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return v;
    }

    static ObjectNode servedFrom(ServedFrom s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("tabletType", typeWord(s.tabletType()));
        o.put("keyspace", s.keyspace());
        return o;
    }

    static ServedFrom servedFrom(JsonNode n) {
        return new ServedFrom(tabletType(n.path("tabletType")), required(n, "keyspace"));
    }

    // ---- records

    public static final Codec<String> CELL_INFO = new Codec<>("CellInfo",
            (cell, o) -> o.put("name", cell),
            n -> required(n, "name"));

    public static final Codec<KeyspaceRecord> KEYSPACE = new Codec<>("Keyspace",
            (k, o) -> {
                o.put("name", k.name());
                o.set("servedFrom", array(k.servedFrom(), TopologyJson::servedFrom));
                if (k.snapshot() != null) {
                    o.putObject("snapshot").put("baseKeyspace", k.snapshot().baseKeyspace()).put("time", k.snapshot().time());
                }
                if (k.backup() != null) {
                    BackupPolicyJson.put(o, "backup", k.backup());
                }
            },
            n -> new KeyspaceRecord(required(n, "name"), list(n.path("servedFrom"), TopologyJson::servedFrom),
                    n.has("snapshot") ? new KeyspaceRecord.Snapshot(required(n.get("snapshot"), "baseKeyspace"),
                            required(n.get("snapshot"), "time")) : null,
                    BackupPolicyJson.read(n.get("backup"))));

    public static final Codec<ShardRecord> SHARD = new Codec<>("Shard",
            (s, o) -> {
                o.put("keyspace", s.keyspace());
                o.put("name", s.name());
                o.set("keyRange", keyRange(s.keyRange()));
                o.put("primaryAlias", s.primaryAlias());
                o.put("primaryServing", s.primaryServing());
                o.set("tabletControls", array(s.tabletControls(), c -> {
                    ObjectNode t = JSON.createObjectNode();
                    t.put("tabletType", typeWord(c.tabletType()));
                    t.set("deniedTables", strings(c.deniedTables()));
                    return t;
                }));
                o.set("sourceShards", array(s.sourceShards(), src -> {
                    ObjectNode t = JSON.createObjectNode();
                    t.put("uid", src.uid());
                    t.put("keyspace", src.keyspace());
                    t.put("shard", src.shard());
                    t.set("keyRange", keyRange(src.keyRange()));
                    t.set("tables", strings(src.tables()));
                    return t;
                }));
                if (s.durability() != null) {
                    o.put("durability", s.durability());
                }
                if (s.term() > 0) {
                    o.put("term", s.term());
                }
            },
            n -> new ShardRecord(required(n, "keyspace"), required(n, "name"), keyRange(n.path("keyRange")),
                    text(n, "primaryAlias"), n.path("primaryServing").asBoolean(false),
                    list(n.path("tabletControls"), c -> new TabletControl(tabletType(c.path("tabletType")), strings(c.path("deniedTables")))),
                    list(n.path("sourceShards"), s -> new SourceShard(s.path("uid").asInt(), required(s, "keyspace"), required(s, "shard"),
                            keyRange(s.path("keyRange")), strings(s.path("tables")))),
                    text(n, "durability"), n.path("term").asLong(0)));

    public static final Codec<TabletRecord> TABLET = new Codec<>("Tablet",
            (t, o) -> {
                o.put("alias", t.alias());
                o.put("cell", t.cell());
                o.put("uid", t.uid());
                o.put("keyspace", t.keyspace());
                o.put("shard", t.shard());
                o.put("type", typeWord(t.type()));
                o.put("hostname", t.hostname());
                o.put("grpcPort", t.grpcPort());
                o.put("httpPort", t.httpPort());
                o.put("mysqlPort", t.mysqlPort());
                o.put("state", t.state() == null ? null : enumWord(t.state()));
            },
            n -> new TabletRecord(required(n, "alias"), required(n, "cell"), n.path("uid").asInt(), required(n, "keyspace"),
                    required(n, "shard"), tabletType(n.path("type")), text(n, "hostname"), n.path("grpcPort").asInt(),
                    n.path("httpPort").asInt(), n.path("mysqlPort").asInt(),
                    text(n, "state") == null ? null : enumOf(TabletState.class, n.path("state"))));

    public static final Codec<SrvKeyspace> SRV_KEYSPACE = new Codec<>("SrvKeyspace",
            (s, o) -> {
                o.put("cell", s.cell());
                o.put("keyspace", s.keyspace());
                o.set("partitions", array(s.partitions(), p -> {
                    ObjectNode t = JSON.createObjectNode();
                    t.put("servedType", typeWord(p.servedType()));
                    t.set("shards", strings(p.shards()));
                    return t;
                }));
                o.set("servedFrom", array(s.servedFrom(), TopologyJson::servedFrom));
            },
            n -> new SrvKeyspace(required(n, "cell"), required(n, "keyspace"),
                    list(n.path("partitions"), p -> new SrvKeyspace.Partition(tabletType(p.path("servedType")), strings(p.path("shards")))),
                    list(n.path("servedFrom"), TopologyJson::servedFrom)));

    // the schema family (vschema, shard schema) is SchemaJson's; these names stay the callers' entry point
    public static final Codec<VSchema> VSCHEMA = SchemaJson.VSCHEMA;

    public static final Codec<ShardSchema> SHARD_SCHEMA = SchemaJson.SHARD_SCHEMA;

    public static final Codec<WorkflowRecord> WORKFLOW = new Codec<>("Workflow",
            (w, o) -> {
                o.put("name", w.name());
                o.put("kind", w.kind().word());
                o.put("sourceKeyspace", w.sourceKeyspace());
                o.set("sourceShards", strings(w.sourceShards()));
                o.put("targetKeyspace", w.targetKeyspace());
                o.set("targetShards", strings(w.targetShards()));
                o.set("tables", strings(w.tables()));
                o.put("stage", enumWord(w.stage()));
                o.set("switchedTabletTypes", array(w.switchedTabletTypes(), t -> JSON.getNodeFactory().textNode(typeWord(t))));
                o.set("streams", array(w.streams(), s -> {
                    ObjectNode x = JSON.createObjectNode();
                    x.put("sourceShard", s.sourceShard());
                    x.put("targetShard", s.targetShard());
                    x.put("position", s.position());
                    x.put("rowsCopied", s.rowsCopied());
                    x.put("state", s.stateText());
                    return x;
                }));
            },
            n -> new WorkflowRecord(required(n, "name"), workflowKind(required(n, "kind")), required(n, "sourceKeyspace"),
                    strings(n.path("sourceShards")), required(n, "targetKeyspace"), strings(n.path("targetShards")),
                    strings(n.path("tables")), enumOf(WorkflowStage.class, n.path("stage")),
                    list(n.path("switchedTabletTypes"), TopologyJson::tabletType),
                    list(n.path("streams"), s -> StreamRecord.parse(required(s, "sourceShard"), required(s, "targetShard"),
                            s.path("position").asText(""), s.path("rowsCopied").asLong(0), s.path("state").asText("")))));

    static WorkflowKind workflowKind(String word) {
        for (WorkflowKind k : WorkflowKind.values()) {
            if (k.word().equals(word)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown workflow kind '" + word + "'");
    }

    public static final Codec<ReconcilerRecord> RECONCILER = new Codec<>("reconciler state",
            (r, o) -> {
                o.put("appliedCommit", r.appliedCommit());
                o.put("appliedSpecHash", r.appliedSpecHash());
                if (r.run() == null) {
                    o.putNull("run");
                } else {
                    ReconcilerRecord.RunProgress p = r.run();
                    ObjectNode x = o.putObject("run");
                    x.put("planId", p.planId());
                    x.put("commit", p.commit());
                    x.put("stepsTotal", p.stepsTotal());
                    x.set("stepsDone", array(p.stepsDone(), i -> JSON.getNodeFactory().numberNode(i)));
                    x.put("state", p.state().word());
                    x.put("message", p.message());
                    x.put("updatedAt", p.updatedAt());
                }
            },
            n -> {
                JsonNode r = n.path("run");
                ReconcilerRecord.RunProgress run = r.isObject()
                        ? new ReconcilerRecord.RunProgress(r.path("planId").asText(""), r.path("commit").asText(""),
                                r.path("stepsTotal").asInt(), list(r.path("stepsDone"), JsonNode::asInt),
                                r.hasNonNull("state") ? RunState.fromWord(r.path("state").asText()) : RunState.RUNNING, r.path("message").asText(""), r.path("updatedAt").asText(""))
                        : null;
                return new ReconcilerRecord(n.path("appliedCommit").asText(""), n.path("appliedSpecHash").asText(""), run);
            });
}
