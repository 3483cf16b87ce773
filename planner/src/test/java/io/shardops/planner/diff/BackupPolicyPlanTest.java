package io.shardops.planner.diff;

import static io.shardops.planner.Specs.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.planner.plan.Action;
import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.Step;
import io.shardops.planner.plan.StepKind;
import io.shardops.planner.render.PlanJson;
import io.shardops.planner.render.PlanMarkdown;
import io.shardops.planner.render.PlanText;
import io.shardops.planner.topology.Topology;
import io.shardops.spec.Cluster;
import io.shardops.spec.Keyspace;
import io.shardops.spec.backup.BackupCredentials;
import io.shardops.spec.backup.BackupFrom;
import io.shardops.spec.backup.BackupPolicies;
import io.shardops.spec.backup.BackupPolicy;
import io.shardops.spec.backup.BackupSchedule;
import io.shardops.spec.vschema.VSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A pull request that adds, changes or removes a backup policy shows it in every form of the plan. */
class BackupPolicyPlanTest {
    private static final Keyspace COMMERCE = keyspace("commerce", List.of(shard("0")), List.of(product()), unsharded("product"));
    private static final BackupPolicy S3_EVERY_6H = new BackupPolicy("s3://bkt/prod", new BackupCredentials.File("/etc/shardops/s3"),
            BackupSchedule.parse("6h").schedule().orElseThrow(), 7, BackupFrom.RDONLY);

    private static Cluster withBackups(BackupPolicy cluster, Map<String, BackupPolicy> keyspaces, Keyspace... ks) {
        Cluster c = cluster(ks);
        return new Cluster(c.name(), c.cells(), c.tabletDefaults(), c.keyspaces(), c.migrations(), c.policy(),
                new BackupPolicies(cluster, keyspaces));
    }

    private static Step onlyStep(Plan plan) {
        assertEquals(List.of("set-backup-policy commerce"), heads(plan));
        return plan.steps().get(0);
    }

    @Test
    void anAddedPolicyIsAStepInTheTextMarkdownAndJsonPlans() {
        Plan plan = planned(cluster(COMMERCE), withBackups(S3_EVERY_6H, Map.of(), COMMERCE));
        Step step = onlyStep(plan);
        assertEquals("Back up commerce every 6h, keep 7, from rdonly -> s3://bkt/prod (credentials from file /etc/shardops/s3).",
                step.description());
        assertFalse(step.destructive());

        String text = PlanText.render(plan, false);
        assertTrue(text.contains("1. set-backup-policy commerce"), text);
        assertTrue(text.contains("~ keyspace commerce"), text);
        assertTrue(text.contains("+ backup: every 6h, keep 7, from rdonly -> s3://bkt/prod"), text);
        assertTrue(plan.summary().line().contains("1 to change"), plan.summary().line());

        String md = PlanMarkdown.render(plan);
        assertTrue(md.contains("`set-backup-policy`"), md);
        assertTrue(md.contains("every 6h, keep 7, from rdonly -> s3://bkt/prod"), md);

        String json = PlanJson.write(plan);
        assertTrue(json.contains("\"kind\" : \"set-backup-policy\""), json);
        assertTrue(json.contains("\"location\" : \"s3://bkt/prod\""), json);
        assertEquals(plan, PlanJson.read(json), "a saved plan gives back the same step");
    }

    @Test
    void aKeyspaceOverrideChangesOnlyThatKeyspacesPolicy() {
        Keyspace other = keyspace("customer", List.of(shard("0")), List.of(), VSchema.EMPTY);
        BackupPolicy hourly = new BackupPolicy(null, null, BackupSchedule.parse("1h").schedule().orElseThrow(), 24, null);
        Map<String, BackupPolicy> overrides = new LinkedHashMap<>();
        overrides.put("commerce", hourly);
        Plan plan = planned(withBackups(S3_EVERY_6H, Map.of(), COMMERCE, other), withBackups(S3_EVERY_6H, overrides, COMMERCE, other));
        Step step = onlyStep(plan);
        assertEquals("Change the backup policy of commerce from every 6h, keep 7, from rdonly -> s3://bkt/prod (credentials from file"
                + " /etc/shardops/s3) to every 1h, keep 24, from rdonly -> s3://bkt/prod (credentials from file /etc/shardops/s3).",
                step.description());
        Action.SetBackupPolicy a = (Action.SetBackupPolicy) step.action();
        assertEquals("1h", a.policy().schedule());
        assertEquals(24, a.policy().keep());
    }

    @Test
    void aRemovedPolicyIsAStepBackToTheDefault() {
        Plan plan = planned(withBackups(S3_EVERY_6H, Map.of(), COMMERCE), cluster(COMMERCE));
        Step step = onlyStep(plan);
        assertNull(((Action.SetBackupPolicy) step.action()).policy());
        assertTrue(step.description().startsWith("Remove the backup policy of commerce (was every 6h"), step.description());
        String text = PlanText.render(plan, false);
        assertTrue(text.contains("- backup: every 6h, keep 7, from rdonly -> s3://bkt/prod"), text);
        String json = PlanJson.write(plan);
        assertTrue(json.contains("\"backup\" : null"), json);
        assertEquals(plan, PlanJson.read(json));
    }

    @Test
    void theSamePolicyPlansNothingAndNoPolicyPlansNothing() {
        Cluster with = withBackups(S3_EVERY_6H, Map.of(), COMMERCE);
        assertFalse(planned(with, with).hasChanges());
        assertFalse(planned(cluster(COMMERCE), cluster(COMMERCE)).hasChanges());
    }

    @Test
    void aNewKeyspacesPolicyIsRecordedAfterTheKeyspaceExists() {
        Plan plan = plan(withBackups(S3_EVERY_6H, Map.of(), COMMERCE), Topology.empty("demo")).plan();
        Step create = plan.steps().stream().filter(s -> s.kind() == StepKind.CREATE_KEYSPACE).findFirst().orElseThrow();
        Step set = plan.steps().stream().filter(s -> s.kind() == StepKind.SET_BACKUP_POLICY).findFirst().orElseThrow();
        assertTrue(set.dependsOn().contains(create.index()), "set-backup-policy waits for create-keyspace");
        assertTrue(PlanText.render(plan, false).contains("+ backup: every 6h"), PlanText.render(plan, false));
    }
}
