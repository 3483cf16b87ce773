package io.shardops.planner.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.planner.Journey;
import io.shardops.planner.plan.Action;
import io.shardops.planner.plan.ApprovalClass;
import io.shardops.planner.plan.Change;
import io.shardops.planner.plan.ChangeAction;
import io.shardops.planner.plan.FieldChange;
import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.PlanSource;
import io.shardops.planner.plan.PlanTarget;
import io.shardops.planner.plan.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderersTest {
    private static Plan big(int shards) {
        List<Step> steps = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        for (int i = 1; i <= shards; i++) {
            String name = String.format("%04x-%04x", i, i + 1);
            steps.add(new Step(i, new Action.CreateShard("customer", name, name, true), List.of(), false, ApprovalClass.NONE, false, "Create shard customer/" + name + "."));
            changes.add(new Change(ChangeAction.CREATE, "shard", "customer/" + name, List.of(new FieldChange("tablets", null, "replica 2, rdonly 1")), ""));
        }
        return new Plan(PlanSource.ofSpec("a.yaml", ""), new PlanTarget("demo", "b.yaml", "", ""), changes, steps);
    }

    private static Plan journey(String from, String to) {
        return Journey.plan(from, to).plan();
    }

    @Test
    void textHasALegendChangedFieldsNumberedStepsAndTheCountLine() {
        String text = PlanText.render(journey("examples/phases/204_vertical_migrate_replicas.yaml", "examples/phases/205_vertical_migrate_master.yaml"), false);
        assertTrue(text.contains("  + create\n  ~ update in place\n  - destroy\n-/+ destroy and then create a replacement\n"), text);
        assertTrue(text.contains("  ~ migration customer-vsplit\n      ~ switched_traffic: rdonly, replica -> rdonly, replica, primary\n"), text);
        assertFalse(text.contains("stage"), "unchanged fields are not shown");
        assertTrue(text.contains("  1. switch-traffic customer-vsplit [primary]\n"), text);
        assertTrue(text.endsWith("Plan: 0 to add, 3 to change, 0 to destroy, 1 step.\n"), text);
        assertFalse(text.contains("\u001b["), "no colour unless asked");
    }

    @Test
    void controlCharactersFromTheSpecArePrintedEscapedInTextAndMarkdown() {
        String evil = "t\u001b]0;pwned\u0007\u001b[2J";
        Plan plan = new Plan(PlanSource.ofSpec("a.yaml", ""), new PlanTarget("demo", "b\u001b[31m.yaml", "", ""),
                List.of(new Change(ChangeAction.CREATE, "table", "commerce." + evil, List.of(new FieldChange("columns." + evil, null, "int")), "")),
                List.of(new Step(1, new Action.CreateShard("customer", "-80", "-80", true), List.of(), false, ApprovalClass.NONE, false, "Create " + evil + ".")));
        for (String out : List.of(PlanText.render(plan, false), PlanMarkdown.render(plan))) {
            assertTrue(out.contains("t\\x1b]0;pwned\\x07\\x1b[2J"), out);
            assertTrue(out.chars().noneMatch(c -> c < 0x20 && c != '\n' || c == 0x7f), out);
        }
        String coloured = PlanText.render(plan, true);
        assertTrue(coloured.contains("\\x1b]0;pwned"), "the plan's own colours stay, the spec's escapes do not");
    }

    @Test
    void colourOnlyWhenAsked() {
        Plan plan = journey("examples/phases/205_vertical_migrate_master.yaml", "examples/phases/206_clean_commerce.yaml");
        String coloured = PlanText.render(plan, true);
        assertTrue(coloured.contains("\u001b[31m"), "destroy in red");
        assertEquals(PlanText.render(plan, false), coloured.replaceAll("\u001b\\[[0-9;]*m", ""));
    }

    @Test
    void noChangesSaysSo() {
        Plan plan = journey("examples/phases/307_delete_shard_0.yaml", "examples/phases/308_final.yaml");
        assertEquals("No changes. The cluster already matches examples/phases/308_final.yaml.\n", PlanText.render(plan, false));
        assertTrue(PlanMarkdown.render(plan).contains("**No changes.**"));
    }

    @Test
    void replaceIsShownWithItsOwnSymbol() {
        Plan plan = new Plan(PlanSource.ofSpec("a.yaml", ""), new PlanTarget("demo", "b.yaml", "", ""),
                List.of(new Change(ChangeAction.REPLACE, "table", "commerce.product", List.of(new FieldChange("comment", null, "'vitess_sequence'")), "a table cannot become a sequence in place")),
                List.of());
        String text = PlanText.render(plan, false);
        assertTrue(text.contains("-/+ table commerce.product  (a table cannot become a sequence in place)\n"), text);
        assertTrue(text.contains("Plan: 1 to add, 0 to change, 1 to destroy, 0 steps."), text);
    }

    @Test
    void markdownKeepsTheSummaryOutsideTheFoldAndCallsOutDestroys() {
        String md = PlanMarkdown.render(journey("examples/phases/205_vertical_migrate_master.yaml", "examples/phases/206_clean_commerce.yaml"));
        int fold = md.indexOf("<details>");
        assertTrue(md.indexOf("**Plan: 0 to add, 2 to change, 2 to destroy, 3 steps.**") < fold, md);
        assertTrue(md.indexOf(":boom: **2. drop-tables commerce**") < fold, md);
        assertTrue(md.contains("| 1 | `remove-tablet-controls` |"), md);
        assertTrue(md.trim().endsWith("</details>"), md);
    }

    @Test
    void markdownOfAHugePlanStaysUnderTheLimitAndSaysWhatWasCut() {
        Plan plan = big(5000);
        String md = PlanMarkdown.render(plan);
        assertTrue(md.length() <= PlanMarkdown.DEFAULT_LIMIT, "length " + md.length());
        assertTrue(md.contains("**Plan: 5000 to add, 0 to change, 0 to destroy, 5000 steps.**"));
        assertTrue(md.matches("(?s).*_Cut to fit a pull-request comment: \\d+ steps and \\d+ objects not shown\\..*"), md.substring(md.length() - 300));
        assertTrue(md.contains("| 1 | `create-shard` |"), "the first steps are kept");
        String small = PlanMarkdown.render(big(3));
        assertFalse(small.contains("Cut to fit"));
    }

    @Test
    void jsonHasTheDocumentedShapeInAStableOrder() {
        String json = PlanJson.write(journey("examples/phases/203_vertical_split.yaml", "examples/phases/204_vertical_migrate_replicas.yaml"));
        assertTrue(json.startsWith("{\n  \"formatVersion\" : 1,\n  \"from\" : {"), json);
        List<String> keys = List.of("\"formatVersion\"", "\"from\"", "\"to\"", "\"changes\"", "\"steps\"", "\"summary\"");
        for (int i = 1; i < keys.size(); i++) {
            assertTrue(json.indexOf(keys.get(i - 1)) < json.indexOf(keys.get(i)), keys.get(i));
        }
        assertTrue(json.contains("\"index\" : 1,\n    \"kind\" : \"switch-traffic\",\n    \"target\" : \"customer-vsplit\",\n    \"description\" : "), json);
        assertTrue(json.contains("\"tabletTypes\" : [ \"rdonly\" ]"), json);
        assertEquals(json, PlanJson.write(PlanJson.read(json)));
    }

    @Test
    void readingSomethingElseSaysWhatIsWrong() {
        assertTrue(assertThrows(PlanFormatException.class, () -> PlanJson.read("apiVersion: shardops.io/v1")).getMessage().startsWith("not a plan file"));
        assertTrue(assertThrows(PlanFormatException.class, () -> PlanJson.read("{\"formatVersion\": 9}")).getMessage().contains("version 9 is not supported"));
        assertTrue(assertThrows(PlanFormatException.class, () -> PlanJson.read("{\"formatVersion\": 1}")).getMessage().contains("missing field 'from'"));
    }

    @Test
    void aPlanFileKeepsItsSourceKindWord() throws Exception {
        // written before the kind was typed: the same words read back, and an unknown one is refused by name
        Plan kept = PlanJson.read(Files.readString(Journey.root().resolve("plan-output/101_to_201.json")));
        assertEquals(PlanSource.Kind.SPEC, kept.from().kind());
        assertTrue(PlanJson.write(kept).contains("\"kind\" : \"spec\""));
        String live = PlanJson.write(new Plan(PlanSource.ofTopology(7, Map.of()), kept.to(), kept.changes(), kept.steps()));
        assertTrue(live.contains("\"kind\" : \"topology\""));
        String unknown = live.replace("\"kind\" : \"topology\"", "\"kind\" : \"etcd\"");
        assertTrue(assertThrows(PlanFormatException.class, () -> PlanJson.read(unknown)).getMessage().contains("unknown plan source kind 'etcd'"));
    }

    @Test
    void aSavedPlanReadsBackEqualWithItsRevisions(@TempDir Path dir) throws Exception {
        Plan plan = journey("examples/phases/101_initial_cluster.yaml", "examples/final");
        Plan withRevisions = new Plan(new PlanSource(PlanSource.Kind.TOPOLOGY, "", "", "", 42, Map.of("/shardops/demo/global/keyspaces/commerce/Keyspace", 7L)),
                plan.to(), plan.changes(), plan.steps());
        Path file = dir.resolve("plans/final.plan");
        PlanFile.write(file, withRevisions);
        assertTrue(PlanFile.looksLikePlanFile(file));
        assertFalse(PlanFile.looksLikePlanFile(Journey.root().resolve("examples/phases/101_initial_cluster.yaml")));
        assertEquals(withRevisions, PlanFile.read(file));
        assertTrue(Files.readString(file).contains("\"topologyRevision\" : 42"));
    }
}
