package io.shardops.reconciler.apply.steps.schemachange;

import io.shardops.planner.topology.SchemaChangeRecord;
import io.shardops.planner.topology.WorkflowRecord;
import java.util.Collection;
import java.util.Optional;

/** Whether a schema change of a table may start now. Pure: records in, the reason to refuse out. */
final class SchemaChangeGuard {
    private SchemaChangeGuard() {}

    /**
     * @param workflows the cluster's data moves
     * @param previous  the table's latest schema change, if any
     * @return why the change must wait, or empty
     */
    static Optional<String> refusal(String keyspace, String table, String alter, Collection<WorkflowRecord> workflows,
                                    Optional<SchemaChangeRecord> previous) {
        for (WorkflowRecord w : workflows) {
            if (w.moves(keyspace, table)) {
                return Optional.of("the " + w.kind().word() + " " + w.name() + " moves " + keyspace + "." + table
                        + " and is not complete; a schema change of it waits until the move completes (its copy would miss the new columns)");
            }
        }
        if (previous.isPresent() && previous.get().stage().inFlight() && !previous.get().alter().equals(alter)) {
            SchemaChangeRecord p = previous.get();
            return Optional.of("another schema change of " + keyspace + "." + table + " is " + p.stage().word() + " (" + p.alter()
                    + "); one change per table at a time: let it cut over, or cancel it with `shardops revert " + keyspace + "." + table + "`, first");
        }
        return Optional.empty();
    }

    /** Whether {@code previous} is this very change, resumed (same ALTER, not yet cut over). */
    static boolean resumes(String alter, Optional<SchemaChangeRecord> previous) {
        return previous.isPresent() && previous.get().stage().inFlight() && previous.get().alter().equals(alter);
    }
}
