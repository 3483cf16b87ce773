package io.shardops.planner.diff;

import io.shardops.planner.plan.Step;
import io.shardops.spec.Cluster;
import io.shardops.spec.Problem;
import java.util.List;

/**
 * Turns (desired, live) into ordered steps, one phase after another. The order below is the plan's order and
 * keeps every dependency pointing backwards: what creates comes before what uses it, what removes comes last.
 */
final class PlanBuilder {
    static final List<Phase> PHASES = List.of(
            new KeyspacesPhase(),     // create keyspaces (served from a move's source until it switches)
            new BackupPolicyPhase(),  // the keyspace's backup policy, before its primaries start archiving binlogs
            new ShardsPhase(),        // create shards, start tablets, elect primaries
            new DurabilityPhase(),    // semi-sync on or off where the shard's policy changed
            new RebuildPhase(),       // replace lost tablets (needs-rebuild) the spec still counts
            new SequencesPhase(),     // sequence tables
            new SchemaPhase(),        // copy the schema of moving tables, then CREATE / ALTER
            new VSchemaPhase(),       // VSchema, once its tables and sequences exist
            new MovesPhase(),         // copy, verify, switch rdonly, replica, primary (or back), complete
            new TabletsDownPhase(),   // stop tablets the spec no longer counts
            new DropTablesPhase(),    // drop tables no longer declared
            new DeleteShardsPhase(),  // delete shards gone from the spec
            new DeleteKeyspacesPhase());

    private final PlanState plan;

    PlanBuilder(Cluster desired, LiveView live, List<Problem> errors) {
        this.plan = new PlanState(desired, live, errors);
    }

    List<Move> moves() {
        return plan.moves.all();
    }

    List<Step> build() {
        PHASES.forEach(p -> p.addSteps(plan));
        return plan.steps.steps();
    }
}
