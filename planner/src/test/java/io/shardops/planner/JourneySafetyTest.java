package io.shardops.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.planner.plan.Action;
import io.shardops.planner.plan.ApprovalClass;
import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.PlanResult;
import io.shardops.planner.plan.Step;
import io.shardops.planner.plan.StepKind;
import io.shardops.planner.render.PlanJson;
import io.shardops.spec.TabletType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every plan of the journey: the steps the reference takes at that point, in a safe order. */
class JourneySafetyTest {

    static Stream<Arguments> transitions() {
        return JourneyPlansGoldenTest.transitions().stream().map(t -> Arguments.of(t[0], t[1], t[2]));
    }

    static Stream<Arguments> specs() {
        return Stream.concat(Journey.phases().stream(), Stream.of("examples/final")).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transitions")
    void stepsComeInASafeOrder(String name, String from, String to) {
        Plan plan = planned(from, to);
        Map<String, Map<StepKind, Integer>> firstByWorkflow = new HashMap<>();
        Map<String, Integer> primarySwitch = new HashMap<>();
        for (Step s : plan.steps()) {
            for (int d : s.dependsOn()) {
                assertTrue(d < s.index(), name + ": step " + s.index() + " depends on a later step " + d);
            }
            if (s.action() instanceof Action.SwitchTraffic st && st.tabletTypes().contains(TabletType.PRIMARY)) {
                primarySwitch.put(st.workflow(), s.index());
            }
        }
        for (Step s : plan.steps()) {
            String wf = workflowOf(s);
            if (wf != null) {
                firstByWorkflow.computeIfAbsent(wf, k -> new HashMap<>()).putIfAbsent(s.kind(), s.index());
            }
        }
        for (Map.Entry<String, Map<StepKind, Integer>> e : firstByWorkflow.entrySet()) {
            Map<StepKind, Integer> at = e.getValue();
            before(name, at.get(StepKind.START_COPY), at.get(StepKind.VERIFY_DIFF), "start-copy", "verify-diff");
            before(name, at.get(StepKind.VERIFY_DIFF), at.get(StepKind.SWITCH_TRAFFIC), "verify-diff", "switch-traffic");
            before(name, at.get(StepKind.SWITCH_TRAFFIC), at.get(StepKind.COMPLETE_MIGRATION), "switch-traffic", "complete-migration");
        }
        List<TabletType> order = plan.steps().stream().filter(s -> s.action() instanceof Action.SwitchTraffic)
                .map(s -> ((Action.SwitchTraffic) s.action()).tabletTypes().get(0)).toList();
        for (int i = 1; i < order.size(); i++) {
            assertTrue(order.get(i - 1).ordinal() < order.get(i).ordinal(), name + ": traffic switched out of order " + order);
        }
        for (Step s : plan.steps()) {
            if (s.kind() == StepKind.DROP_TABLES || s.kind() == StepKind.DELETE_SHARD || s.kind() == StepKind.REMOVE_TABLET_CONTROLS) {
                for (int p : primarySwitch.values()) {
                    assertTrue(p < s.index(), name + ": " + s.kind().word() + " at " + s.index() + " before the primary switch at " + p);
                }
                assertTrue(s.kind() == StepKind.REMOVE_TABLET_CONTROLS || s.destructive(), name + ": " + s.kind().word() + " must be a destroy step");
            }
        }
    }

    private static void before(String name, Integer a, Integer b, String what, String then) {
        if (a != null && b != null) {
            assertTrue(a < b, name + ": " + what + " (" + a + ") must come before " + then + " (" + b + ")");
        }
    }

    private static String workflowOf(Step s) {
        return switch (s.kind()) {
            case START_COPY -> ((Action.StartCopy) s.action()).workflow();
            case VERIFY_DIFF -> ((Action.VerifyDiff) s.action()).workflow();
            case SWITCH_TRAFFIC -> ((Action.SwitchTraffic) s.action()).workflow();
            case COMPLETE_MIGRATION -> ((Action.CompleteMigration) s.action()).workflow();
            default -> null;
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void aSpecAgainstItselfHasNoChanges(String spec) {
        Plan plan = planned(spec, spec);
        assertFalse(plan.hasChanges(), () -> spec + " against itself: " + Specs.heads(plan) + " " + plan.changes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transitions")
    void theJsonFormReadsBackToTheSamePlan(String name, String from, String to) {
        Plan plan = planned(from, to);
        assertEquals(plan, PlanJson.read(PlanJson.write(plan)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transitions")
    void eachTransitionTakesTheReferenceSteps(String name, String from, String to) {
        List<String> expected = EXPECTED.get(name);
        assertEquals(expected, Specs.heads(planned(from, to)), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transitions")
    void primarySwitchesAndDestroysAreApprovalClasses(String name, String from, String to) {
        for (Step s : planned(from, to).steps()) {
            boolean primary = s.action() instanceof Action.SwitchTraffic st && st.tabletTypes().contains(TabletType.PRIMARY);
            if (primary) {
                assertEquals(ApprovalClass.SWITCH_PRIMARY, s.approval(), name);
            } else if (s.destructive()) {
                assertEquals(ApprovalClass.DESTROY, s.approval(), name);
            } else {
                assertEquals(ApprovalClass.NONE, s.approval(), name + " " + s);
            }
        }
    }

    private static Plan planned(String from, String to) {
        PlanResult r = Journey.plan(from, to);
        assertFalse(r.refused(), () -> from + " -> " + to + " refused: " + r.errors());
        return r.plan();
    }

    private static final Map<String, List<String>> EXPECTED = Map.ofEntries(
            Map.entry("101_to_201", List.of("create-keyspace customer")),
            Map.entry("201_to_202", List.of("create-shard customer/0", "start-tablets customer/0", "init-primary customer/0", "set-durability customer/0",
                    "copy-schema customer", "apply-vschema commerce", "apply-vschema customer")),
            Map.entry("202_to_203", List.of("start-copy customer-vsplit", "verify-diff customer-vsplit")),
            Map.entry("203_to_204", List.of("switch-traffic customer-vsplit rdonly", "switch-traffic customer-vsplit replica")),
            Map.entry("204_to_205", List.of("switch-traffic customer-vsplit primary")),
            Map.entry("205_to_206", List.of("remove-tablet-controls commerce", "drop-tables commerce", "complete-migration customer-vsplit")),
            Map.entry("206_to_301", List.of("create-sequence commerce.customer_seq", "create-sequence commerce.order_seq", "apply-schema customer",
                    "apply-vschema commerce", "apply-vschema customer")),
            Map.entry("301_to_302", List.of("create-shard customer/-80", "start-tablets customer/-80", "init-primary customer/-80",
                    "create-shard customer/80-", "start-tablets customer/80-", "init-primary customer/80-",
                    "set-durability customer/-80", "set-durability customer/80-", "copy-schema customer")),
            Map.entry("302_to_303", List.of("start-copy customer-reshard", "verify-diff customer-reshard")),
            Map.entry("303_to_304", List.of("switch-traffic customer-reshard rdonly", "switch-traffic customer-reshard replica")),
            Map.entry("304_to_305", List.of("switch-traffic customer-reshard primary")),
            Map.entry("305_to_306", List.of("stop-tablets customer/0")),
            Map.entry("306_to_307", List.of("delete-shard customer/0", "complete-migration customer-reshard")),
            Map.entry("307_to_308", List.of()),
            Map.entry("101_to_final", List.of("create-keyspace customer",
                    "create-shard customer/-80", "start-tablets customer/-80", "init-primary customer/-80",
                    "create-shard customer/80-", "start-tablets customer/80-", "init-primary customer/80-",
                    "set-durability customer/-80", "set-durability customer/80-",
                    "create-sequence commerce.customer_seq", "create-sequence commerce.order_seq",
                    "copy-schema customer", "apply-schema customer", "apply-vschema commerce", "apply-vschema customer",
                    "start-copy commerce2customer", "verify-diff commerce2customer",
                    "switch-traffic commerce2customer rdonly", "switch-traffic commerce2customer replica", "switch-traffic commerce2customer primary",
                    "remove-tablet-controls commerce", "drop-tables commerce", "complete-migration commerce2customer")),
            Map.entry("empty_to_final", List.of("create-keyspace commerce", "create-keyspace customer",
                    "create-shard commerce/0", "start-tablets commerce/0", "init-primary commerce/0",
                    "create-shard customer/-80", "start-tablets customer/-80", "init-primary customer/-80",
                    "create-shard customer/80-", "start-tablets customer/80-", "init-primary customer/80-",
                    "set-durability commerce/0", "set-durability customer/-80", "set-durability customer/80-",
                    "create-sequence commerce.customer_seq", "create-sequence commerce.order_seq",
                    "apply-schema commerce", "apply-schema customer", "apply-vschema commerce", "apply-vschema customer")));
}
