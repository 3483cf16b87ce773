package io.shardops.planner.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shardops.planner.plan.Action;
import io.shardops.planner.plan.ApprovalClass;
import io.shardops.planner.plan.Change;
import io.shardops.planner.plan.ChangeAction;
import io.shardops.planner.plan.FieldChange;
import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.PlanSource;
import io.shardops.planner.plan.PlanTarget;
import io.shardops.planner.plan.Step;
import io.shardops.planner.plan.StepKind;
import io.shardops.planner.topology.ServedFrom;
import io.shardops.planner.topology.WorkflowKind;
import io.shardops.spec.Problem;
import io.shardops.spec.Severity;
import io.shardops.spec.SourceLocation;
import io.shardops.spec.TabletType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The versioned JSON form of a plan, also the saved plan file: {@code {"formatVersion":1, "from":{..},
 * "to":{..}, "changes":[..], "steps":[..], "findings":[..], "summary":{..}}} ({@code findings} only when the change review found something). Keys come in a fixed order; a step holds the
 * common fields then the fields of its kind. {@link #read} gives back an equal {@link Plan}.
 */
public final class PlanJson {
    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PlanJson() {}

    public static String write(Plan plan) {
        try {
            return MAPPER.writeValueAsString(tree(plan)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a plan tree always serializes", e);
        }
    }

    public static ObjectNode tree(Plan plan) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("formatVersion", FORMAT_VERSION);
        ObjectNode from = root.putObject("from");
        from.put("kind", plan.from().kind().word());
        from.put("spec", plan.from().spec());
        from.put("specHash", plan.from().specHash());
        from.put("commit", plan.from().commit());
        from.put("topologyRevision", plan.from().topologyRevision());
        ObjectNode mods = from.putObject("modRevisions");
        plan.from().modRevisions().forEach(mods::put);
        ObjectNode to = root.putObject("to");
        to.put("cluster", plan.to().cluster());
        to.put("spec", plan.to().spec());
        to.put("specHash", plan.to().specHash());
        to.put("commit", plan.to().commit());
        ArrayNode changes = root.putArray("changes");
        for (Change c : plan.changes()) {
            ObjectNode n = changes.addObject();
            n.put("action", c.action().word());
            n.put("type", c.type());
            n.put("name", c.name());
            ArrayNode fields = n.putArray("fields");
            for (FieldChange f : c.fields()) {
                ObjectNode fn = fields.addObject();
                fn.put("field", f.field());
                fn.put("before", f.before());
                fn.put("after", f.after());
            }
            n.put("reason", c.reason());
        }
        ArrayNode steps = root.putArray("steps");
        for (Step s : plan.steps()) {
            ObjectNode n = steps.addObject();
            n.put("index", s.index());
            n.put("kind", s.kind().word());
            n.put("target", s.target());
            n.put("description", s.description());
            n.put("destructive", s.destructive());
            n.put("approval", s.approval().word());
            n.put("gated", s.gated());
            ArrayNode deps = n.putArray("dependsOn");
            s.dependsOn().forEach(deps::add);
            actionFields(n, s.action());
        }
        if (!plan.findings().isEmpty()) {
            // only when there are findings: a plan without them keeps the form (and the run id) it always had
            ArrayNode findings = root.putArray("findings");
            for (Problem p : plan.findings()) {
                ObjectNode n = findings.addObject();
                n.put("file", p.location().file());
                n.put("line", p.location().line());
                n.put("column", p.location().column());
                n.put("severity", p.severity().word());
                n.put("code", p.code());
                n.put("message", p.message());
                n.put("hint", p.hint());
            }
        }
        Plan.Summary sum = plan.summary();
        ObjectNode summary = root.putObject("summary");
        summary.put("toAdd", sum.toAdd());
        summary.put("toChange", sum.toChange());
        summary.put("toDestroy", sum.toDestroy());
        summary.put("steps", sum.steps());
        summary.put("destructiveSteps", sum.destructiveSteps());
        summary.put("gatedSteps", sum.gatedSteps());
        return root;
    }

    private static void actionFields(ObjectNode n, Action action) {
        switch (action) {
            case Action.CreateKeyspace a -> {
                n.put("keyspace", a.keyspace());
                ArrayNode sf = n.putArray("servedFrom");
                a.servedFrom().forEach(s -> sf.addObject().put("tabletType", s.tabletType().word()).put("keyspace", s.keyspace()));
            }
            case Action.DeleteKeyspace a -> n.put("keyspace", a.keyspace());
            case Action.CreateShard a -> {
                n.put("keyspace", a.keyspace()).put("shard", a.shard()).put("keyRange", a.keyRange()).put("serving", a.serving());
            }
            case Action.DeleteShard a -> {
                n.put("keyspace", a.keyspace()).put("shard", a.shard());
            }
            case Action.StartTablets a -> {
                n.put("keyspace", a.keyspace()).put("shard", a.shard());
                n.putObject("tablets").put("replica", a.replica()).put("rdonly", a.rdonly());
            }
            case Action.StopTablets a -> {
                n.put("keyspace", a.keyspace()).put("shard", a.shard());
                n.putObject("tablets").put("replica", a.replica()).put("rdonly", a.rdonly());
                strings(n, "aliases", a.aliases());
            }
            case Action.InitPrimary a -> {
                n.put("keyspace", a.keyspace()).put("shard", a.shard());
            }
            case Action.SetDurability a -> {
                n.put("keyspace", a.keyspace()).put("shard", a.shard()).put("durability", a.durability());
            }
            case Action.RebuildTablet a -> {
                n.put("keyspace", a.keyspace()).put("shard", a.shard()).put("alias", a.alias()).put("pool", a.pool().word());
            }
            case Action.ApplySchema a -> {
                n.put("keyspace", a.keyspace());
                strings(n, "shards", a.shards());
                strings(n, "statements", a.statements());
            }
            case Action.CopySchema a -> {
                n.put("sourceKeyspace", a.sourceKeyspace()).put("sourceShard", a.sourceShard()).put("targetKeyspace", a.targetKeyspace());
                strings(n, "targetShards", a.targetShards());
                strings(n, "tables", a.tables());
            }
            case Action.ApplyVSchema a -> {
                n.put("keyspace", a.keyspace());
                n.set("vschema", VSchemaJson.write(a.vschema()));
            }
            case Action.CreateSequence a -> {
                n.put("keyspace", a.keyspace()).put("sequence", a.sequence()).put("start", a.start()).put("cache", a.cache());
            }
            case Action.StartCopy a -> {
                n.put("workflow", a.workflow()).put("workflowKind", a.workflowKind().word());
                n.put("sourceKeyspace", a.sourceKeyspace());
                strings(n, "sourceShards", a.sourceShards());
                n.put("targetKeyspace", a.targetKeyspace());
                strings(n, "targetShards", a.targetShards());
                strings(n, "tables", a.tables());
            }
            case Action.VerifyDiff a -> n.put("workflow", a.workflow());
            case Action.SwitchTraffic a -> {
                n.put("workflow", a.workflow());
                strings(n, "tabletTypes", a.tabletTypes().stream().map(TabletType::word).toList());
            }
            case Action.ReverseTraffic a -> {
                n.put("workflow", a.workflow());
                strings(n, "tabletTypes", a.tabletTypes().stream().map(TabletType::word).toList());
            }
            case Action.RemoveTabletControls a -> {
                n.put("keyspace", a.keyspace());
                strings(n, "shards", a.shards());
                strings(n, "tables", a.tables());
            }
            case Action.DropTables a -> {
                n.put("keyspace", a.keyspace());
                strings(n, "shards", a.shards());
                strings(n, "tables", a.tables());
            }
            case Action.CompleteMigration a -> n.put("workflow", a.workflow());
            case Action.SchemaChange a -> {
                n.put("keyspace", a.keyspace());
                strings(n, "shards", a.shards());
                n.put("table", a.table()).put("alter", a.alter());
            }
            case Action.SchemaCutover a -> {
                n.put("keyspace", a.keyspace());
                strings(n, "shards", a.shards());
                n.put("table", a.table());
            }
            case Action.SetBackupPolicy a -> {
                n.put("keyspace", a.keyspace());
                BackupPolicyJson.put(n, "backup", a.policy());
            }
            case Action.SchemaRevert a -> {
                n.put("keyspace", a.keyspace());
                strings(n, "shards", a.shards());
                n.put("table", a.table());
            }
            case Action.DropOldTable a -> {
                n.put("keyspace", a.keyspace());
                strings(n, "shards", a.shards());
                n.put("table", a.table());
            }
        }
    }

    private static void strings(ObjectNode n, String field, List<String> values) {
        ArrayNode a = n.putArray(field);
        values.forEach(a::add);
    }

    // ---- reading --------------------------------------------------------------------------------

    /** Reads the JSON form back; throws {@link PlanFormatException} with a message for people when it is not one. */
    public static Plan read(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PlanFormatException("not a plan file: the JSON does not parse (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject() || !root.has("formatVersion")) {
            throw new PlanFormatException("not a plan file: no formatVersion field");
        }
        int version = root.get("formatVersion").asInt();
        if (version != FORMAT_VERSION) {
            throw new PlanFormatException("plan file format version " + version + " is not supported (this shardops reads version " + FORMAT_VERSION + ")");
        }
        try {
            JsonNode f = req(root, "from");
            Map<String, Long> mods = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = req(f, "modRevisions").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                mods.put(e.getKey(), e.getValue().asLong());
            }
            PlanSource.Kind sourceKind = PlanSource.Kind.fromWord(text(f, "kind"))
                    .orElseThrow(() -> new PlanFormatException("not a valid plan file: unknown plan source kind '" + f.get("kind").asText() + "'"));
            PlanSource from = new PlanSource(sourceKind, text(f, "spec"), text(f, "specHash"), text(f, "commit"), req(f, "topologyRevision").asLong(), mods);
            JsonNode t = req(root, "to");
            PlanTarget to = new PlanTarget(text(t, "cluster"), text(t, "spec"), text(t, "specHash"), text(t, "commit"));
            List<Change> changes = new ArrayList<>();
            for (JsonNode c : req(root, "changes")) {
                List<FieldChange> fields = new ArrayList<>();
                for (JsonNode fc : req(c, "fields")) {
                    fields.add(new FieldChange(text(fc, "field"), nullable(fc, "before"), nullable(fc, "after")));
                }
                changes.add(new Change(ChangeAction.fromWord(text(c, "action")), text(c, "type"), text(c, "name"), fields, text(c, "reason")));
            }
            List<Step> steps = new ArrayList<>();
            for (JsonNode s : req(root, "steps")) {
                List<Integer> deps = new ArrayList<>();
                req(s, "dependsOn").forEach(d -> deps.add(d.asInt()));
                StepKind kind = StepKind.fromWord(text(s, "kind")).orElseThrow(() -> new PlanFormatException("unknown step kind '" + s.get("kind").asText() + "'"));
                steps.add(new Step(req(s, "index").asInt(), action(kind, s), deps, req(s, "destructive").asBoolean(),
                        ApprovalClass.fromWord(text(s, "approval")), req(s, "gated").asBoolean(), text(s, "description")));
            }
            List<Problem> findings = new ArrayList<>();
            for (JsonNode p : root.path("findings")) {
                findings.add(new Problem(new SourceLocation(text(p, "file"), req(p, "line").asInt(), req(p, "column").asInt()), text(p, "code"),
                        text(p, "message"), text(p, "hint"), "warning".equals(text(p, "severity")) ? Severity.WARNING : Severity.ERROR));
            }
            return new Plan(from, to, changes, steps, findings);
        } catch (IllegalArgumentException e) {
            throw new PlanFormatException("not a valid plan file: " + e.getMessage());
        }
    }

    private static Action action(StepKind kind, JsonNode n) {
        return switch (kind) {
            case CREATE_KEYSPACE -> {
                List<ServedFrom> sf = new ArrayList<>();
                for (JsonNode s : req(n, "servedFrom")) {
                    sf.add(new ServedFrom(tabletType(text(s, "tabletType")), text(s, "keyspace")));
                }
                yield new Action.CreateKeyspace(text(n, "keyspace"), sf);
            }
            case DELETE_KEYSPACE -> new Action.DeleteKeyspace(text(n, "keyspace"));
            case CREATE_SHARD -> new Action.CreateShard(text(n, "keyspace"), text(n, "shard"), text(n, "keyRange"), req(n, "serving").asBoolean());
            case DELETE_SHARD -> new Action.DeleteShard(text(n, "keyspace"), text(n, "shard"));
            case START_TABLETS -> new Action.StartTablets(text(n, "keyspace"), text(n, "shard"), req(req(n, "tablets"), "replica").asInt(), req(req(n, "tablets"), "rdonly").asInt());
            case STOP_TABLETS -> new Action.StopTablets(text(n, "keyspace"), text(n, "shard"), req(req(n, "tablets"), "replica").asInt(), req(req(n, "tablets"), "rdonly").asInt(), strings(n, "aliases"));
            case INIT_PRIMARY -> new Action.InitPrimary(text(n, "keyspace"), text(n, "shard"));
            case SET_DURABILITY -> new Action.SetDurability(text(n, "keyspace"), text(n, "shard"), text(n, "durability"));
            case REBUILD_TABLET -> new Action.RebuildTablet(text(n, "keyspace"), text(n, "shard"), text(n, "alias"), tabletType(text(n, "pool")));
            case APPLY_SCHEMA -> new Action.ApplySchema(text(n, "keyspace"), strings(n, "shards"), strings(n, "statements"));
            case COPY_SCHEMA -> new Action.CopySchema(text(n, "sourceKeyspace"), text(n, "sourceShard"), text(n, "targetKeyspace"), strings(n, "targetShards"), strings(n, "tables"));
            case APPLY_VSCHEMA -> new Action.ApplyVSchema(text(n, "keyspace"), VSchemaJson.read(req(n, "vschema")));
            case CREATE_SEQUENCE -> new Action.CreateSequence(text(n, "keyspace"), text(n, "sequence"), req(n, "start").asLong(), req(n, "cache").asLong());
            case START_COPY -> new Action.StartCopy(text(n, "workflow"), workflowKind(text(n, "workflowKind")), text(n, "sourceKeyspace"), strings(n, "sourceShards"),
                        text(n, "targetKeyspace"), strings(n, "targetShards"), strings(n, "tables"));
            case VERIFY_DIFF -> new Action.VerifyDiff(text(n, "workflow"));
            case SWITCH_TRAFFIC -> new Action.SwitchTraffic(text(n, "workflow"), strings(n, "tabletTypes").stream().map(PlanJson::tabletType).toList());
            case REVERSE_TRAFFIC -> new Action.ReverseTraffic(text(n, "workflow"), strings(n, "tabletTypes").stream().map(PlanJson::tabletType).toList());
            case REMOVE_TABLET_CONTROLS -> new Action.RemoveTabletControls(text(n, "keyspace"), strings(n, "shards"), strings(n, "tables"));
            case DROP_TABLES -> new Action.DropTables(text(n, "keyspace"), strings(n, "shards"), strings(n, "tables"));
            case COMPLETE_MIGRATION -> new Action.CompleteMigration(text(n, "workflow"));
            case SCHEMA_CHANGE -> new Action.SchemaChange(text(n, "keyspace"), strings(n, "shards"), text(n, "table"), text(n, "alter"));
            case SCHEMA_CUTOVER -> new Action.SchemaCutover(text(n, "keyspace"), strings(n, "shards"), text(n, "table"));
            case SET_BACKUP_POLICY -> new Action.SetBackupPolicy(text(n, "keyspace"), BackupPolicyJson.read(n.get("backup")));
            case SCHEMA_REVERT -> new Action.SchemaRevert(text(n, "keyspace"), strings(n, "shards"), text(n, "table"));
            case DROP_OLD_TABLE -> new Action.DropOldTable(text(n, "keyspace"), strings(n, "shards"), text(n, "table"));
        };
    }

    private static TabletType tabletType(String word) {
        return TabletType.fromWord(word).orElseThrow(() -> new PlanFormatException("unknown tablet type '" + word + "'"));
    }

    private static WorkflowKind workflowKind(String word) {
        for (WorkflowKind k : WorkflowKind.values()) {
            if (k.word().equals(word)) {
                return k;
            }
        }
        throw new PlanFormatException("unknown workflow kind '" + word + "'");
    }

    static JsonNode req(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new PlanFormatException("not a valid plan file: missing field '" + field + "'");
        }
        return v;
    }

    static String text(JsonNode n, String field) {
        return req(n, field).asText();
    }

    private static String nullable(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> strings(JsonNode n, String field) {
        List<String> out = new ArrayList<>();
        req(n, field).forEach(v -> out.add(v.asText()));
        return out;
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }
}
