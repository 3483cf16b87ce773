package io.shardops.reconciler.apply.steps.schemachange;

import io.shardops.dataplane.tablet.shadow.TableChecksum;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import java.util.Map;

/**
 * Compares a table with the table its stream fills before anything is swapped: the shadow before a cut-over, the old
 * table before a revert. Done while writes go on, so the hold that follows stays short.
 */
final class ShadowVerify {
    private final TabletManagers managers;

    ShadowVerify(TabletManagers managers) {
        this.managers = managers;
    }

    /**
     * Compares the table with the table its stream fills, on every shard, as of one binlog position each while writes
     * go on; a difference fails the step.
     */
    String verify(String what, String table, String target, String stream, Map<String, TabletRecord> primaries) throws StepException {
        long rows = 0;
        long t0 = System.nanoTime();
        for (Map.Entry<String, TabletRecord> e : primaries.entrySet()) {
            TableChecksum c = managers.of(e.getValue()).verifyFollowing(table, target, stream);
            if (!c.same()) {
                throw new StepException(what + ": verify found a difference on shard " + e.getKey() + ": " + c.describe(table, target)
                        + "; the change stays as it is (nothing swapped); report it, then revert the spec or apply again");
            }
            rows += c.rows();
        }
        return "clean, " + rows + " row(s) compared in " + Math.round((System.nanoTime() - t0) / 1e6) + " ms";
    }
}
