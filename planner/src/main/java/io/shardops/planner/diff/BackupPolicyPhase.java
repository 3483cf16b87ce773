package io.shardops.planner.diff;

import io.shardops.planner.plan.Action;
import io.shardops.planner.topology.BackupPolicyRecord;
import io.shardops.planner.topology.KeyspaceRecord;
import io.shardops.spec.Keyspace;
import java.util.Objects;

/**
 * Per keyspace: when the backup policy the spec resolves to ({@code spec.backup} with {@code keyspaces[].backup}
 * over it) is not the one its record holds, a {@code set-backup-policy} step, so a pull request's plan shows a
 * policy added, changed or removed like any other change.
 */
final class BackupPolicyPhase implements Phase {

    @Override
    public void addSteps(PlanState plan) {
        for (Keyspace ks : plan.desired.keyspaces()) {
            BackupPolicyRecord wanted = BackupPolicyRecord.of(plan.desired.backups().forKeyspace(ks.name())).orElse(null);
            KeyspaceRecord live = plan.live.topology.keyspaces().get(ks.name());
            BackupPolicyRecord was = live == null ? null : live.backup();
            if (Objects.equals(wanted, was)) {
                continue;
            }
            String sentence = wanted == null
                    ? "Remove the backup policy of " + ks.name() + " (was " + was.describe() + "): backups on demand into the default location."
                    : was == null ? "Back up " + ks.name() + " " + wanted.describe() + "."
                    : "Change the backup policy of " + ks.name() + " from " + was.describe() + " to " + wanted.describe() + ".";
            plan.steps.add(new Action.SetBackupPolicy(ks.name(), wanted), sentence, plan.steps.marked(Mark.keyspace(ks.name())));
        }
    }
}
