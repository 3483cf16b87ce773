package io.shardops.planner.plan;

import io.shardops.planner.topology.BackupPolicyRecord;
import io.shardops.planner.topology.ServedFrom;
import io.shardops.planner.topology.WorkflowKind;
import io.shardops.spec.TabletType;
import io.shardops.spec.vschema.VSchema;
import java.util.List;

/**
 * What one step does, one record per {@link StepKind}. Each carries exactly what the executor needs
 * (names, counts, statements), never references into the live topology, so a saved plan stands alone.
 */
public sealed interface Action {
    StepKind kind();

    /** What the step acts on, for people: a keyspace, {@code ks/shard}, {@code ks.table} or a workflow name. */
    String target();

    record CreateKeyspace(String keyspace, List<ServedFrom> servedFrom) implements Action {
        public CreateKeyspace {
            servedFrom = List.copyOf(servedFrom);
        }

        public StepKind kind() { return StepKind.CREATE_KEYSPACE; }

        public String target() { return keyspace; }
    }

    record DeleteKeyspace(String keyspace) implements Action {
        public StepKind kind() { return StepKind.DELETE_KEYSPACE; }

        public String target() { return keyspace; }
    }

    /** @param keyRange the shard's key range as a name ({@code -80}); @param serving whether it takes traffic once created */
    record CreateShard(String keyspace, String shard, String keyRange, boolean serving) implements Action {
        public StepKind kind() { return StepKind.CREATE_SHARD; }

        public String target() { return keyspace + "/" + shard; }
    }

    record DeleteShard(String keyspace, String shard) implements Action {
        public StepKind kind() { return StepKind.DELETE_SHARD; }

        public String target() { return keyspace + "/" + shard; }
    }

    /** Start {@code replica} more replica-type and {@code rdonly} more rdonly tablets. */
    record StartTablets(String keyspace, String shard, int replica, int rdonly) implements Action {
        public StepKind kind() { return StepKind.START_TABLETS; }

        public String target() { return keyspace + "/" + shard; }
    }

    /** Stop these tablets (aliases as read from the topology; empty when the plan was made against a spec). */
    record StopTablets(String keyspace, String shard, int replica, int rdonly, List<String> aliases) implements Action {
        public StopTablets {
            aliases = List.copyOf(aliases);
        }

        public StepKind kind() { return StepKind.STOP_TABLETS; }

        public String target() { return keyspace + "/" + shard; }
    }

    record InitPrimary(String keyspace, String shard) implements Action {
        public StepKind kind() { return StepKind.INIT_PRIMARY; }

        public String target() { return keyspace + "/" + shard; }
    }

    /** Configure the shard's tablets for {@code durability} ({@code none} or {@code semi-sync}): replicas first, then the primary. */
    record SetDurability(String keyspace, String shard, String durability) implements Action {
        public StepKind kind() { return StepKind.SET_DURABILITY; }

        public String target() { return keyspace + "/" + shard; }
    }

    /**
     * Replace a lost tablet ({@link io.shardops.planner.topology.LostTablet}) by a new one of the same cell and
     * pool with the next free uid, seeded from the shard's latest backup or from the primary, serving once caught
     * up; the lost tablet's data is kept aside on its node (docs/replace.md).
     *
     * @param alias the tablet replaced
     * @param pool  {@code REPLICA} or {@code RDONLY}: the pool the replacement counts against
     */
    record RebuildTablet(String keyspace, String shard, String alias, TabletType pool) implements Action {
        public StepKind kind() { return StepKind.REBUILD_TABLET; }

        public String target() { return keyspace + "/" + shard + " " + alias; }
    }

    /** Run DDL statements on the primaries of {@code shards}. */
    record ApplySchema(String keyspace, List<String> shards, List<String> statements) implements Action {
        public ApplySchema {
            shards = List.copyOf(shards);
            statements = List.copyOf(statements);
        }

        public StepKind kind() { return StepKind.APPLY_SCHEMA; }

        public String target() { return keyspace; }
    }

    /** Create {@code tables} on the target shards as they are defined on the source shard. */
    record CopySchema(String sourceKeyspace, String sourceShard, String targetKeyspace, List<String> targetShards, List<String> tables) implements Action {
        public CopySchema {
            targetShards = List.copyOf(targetShards);
            tables = List.copyOf(tables);
        }

        public StepKind kind() { return StepKind.COPY_SCHEMA; }

        public String target() { return targetKeyspace; }
    }

    record ApplyVSchema(String keyspace, VSchema vschema) implements Action {
        public StepKind kind() { return StepKind.APPLY_VSCHEMA; }

        public String target() { return keyspace; }
    }

    /** Create a sequence table in an unsharded keyspace and insert its one row. */
    record CreateSequence(String keyspace, String sequence, long start, long cache) implements Action {
        public StepKind kind() { return StepKind.CREATE_SEQUENCE; }

        public String target() { return keyspace + "." + sequence; }
    }

    /**
     * Start a workflow: snapshot copy, then binlog catch-up.
     *
     * @param tables MoveTables: the tables; Reshard: empty (rows are filtered by key range)
     */
    record StartCopy(String workflow, WorkflowKind workflowKind, String sourceKeyspace, List<String> sourceShards,
                     String targetKeyspace, List<String> targetShards, List<String> tables) implements Action {
        public StartCopy {
            sourceShards = List.copyOf(sourceShards);
            targetShards = List.copyOf(targetShards);
            tables = List.copyOf(tables);
        }

        public StepKind kind() { return StepKind.START_COPY; }

        public String target() { return workflow; }
    }

    record VerifyDiff(String workflow) implements Action {
        public StepKind kind() { return StepKind.VERIFY_DIFF; }

        public String target() { return workflow; }
    }

    record SwitchTraffic(String workflow, List<TabletType> tabletTypes) implements Action {
        public SwitchTraffic {
            tabletTypes = List.copyOf(tabletTypes);
        }

        public StepKind kind() { return StepKind.SWITCH_TRAFFIC; }

        public String target() { return workflow; }
    }

    record ReverseTraffic(String workflow, List<TabletType> tabletTypes) implements Action {
        public ReverseTraffic {
            tabletTypes = List.copyOf(tabletTypes);
        }

        public StepKind kind() { return StepKind.REVERSE_TRAFFIC; }

        public String target() { return workflow; }
    }

    record RemoveTabletControls(String keyspace, List<String> shards, List<String> tables) implements Action {
        public RemoveTabletControls {
            shards = List.copyOf(shards);
            tables = List.copyOf(tables);
        }

        public StepKind kind() { return StepKind.REMOVE_TABLET_CONTROLS; }

        public String target() { return keyspace; }
    }

    record DropTables(String keyspace, List<String> shards, List<String> tables) implements Action {
        public DropTables {
            shards = List.copyOf(shards);
            tables = List.copyOf(tables);
        }

        public StepKind kind() { return StepKind.DROP_TABLES; }

        public String target() { return keyspace; }
    }

    record CompleteMigration(String workflow) implements Action {
        public StepKind kind() { return StepKind.COMPLETE_MIGRATION; }

        public String target() { return workflow; }
    }

    // ---- schema changes (docs/schema-changes.md)

    /**
     * An ALTER TABLE on the primaries of {@code shards}, run online: instant or in-place when MariaDB accepts it
     * without blocking writes (asked at apply time), else a shadow table with the new definition is copied and
     * follows the table's binlog until {@link SchemaCutover}.
     *
     * @param alter the whole {@code alter table} statement, as the declarative diff wrote it
     */
    record SchemaChange(String keyspace, List<String> shards, String table, String alter) implements Action {
        public SchemaChange {
            shards = List.copyOf(shards);
        }

        public StepKind kind() { return StepKind.SCHEMA_CHANGE; }

        public String target() { return keyspace + "." + table; }
    }

    /** Swaps the shadow table in ({@code RENAME TABLE}) under the gateways' buffering; nothing to do when the change ran instant or in-place. */
    record SchemaCutover(String keyspace, List<String> shards, String table) implements Action {
        public SchemaCutover {
            shards = List.copyOf(shards);
        }

        public StepKind kind() { return StepKind.SCHEMA_CUTOVER; }

        public String target() { return keyspace + "." + table; }
    }

    // ---- backups (docs/backups.md)

    /**
     * Record the keyspace's backup policy where backups, pruning and the schedule read it.
     *
     * @param policy the policy; null to remove it (backups on demand into the default location)
     */
    record SetBackupPolicy(String keyspace, BackupPolicyRecord policy) implements Action {
        public StepKind kind() { return StepKind.SET_BACKUP_POLICY; }

        public String target() { return keyspace; }
    }

    // ---- schema changes, continued: revert and the old table's drop (docs/schema-changes.md)

    /**
     * Swaps a cut-over change's old table back in, as {@code shardops revert} does: planned when the spec goes back to
     * the definition the table had before the change while the old table still follows the new one.
     */
    record SchemaRevert(String keyspace, List<String> shards, String table) implements Action {
        public SchemaRevert {
            shards = List.copyOf(shards);
        }

        public StepKind kind() { return StepKind.SCHEMA_REVERT; }

        public String target() { return keyspace + "." + table; }
    }

    /** Stops a confirmed change's reverse stream and drops its old table on the primaries of {@code shards}: no revert after this. */
    record DropOldTable(String keyspace, List<String> shards, String table) implements Action {
        public DropOldTable {
            shards = List.copyOf(shards);
        }

        public StepKind kind() { return StepKind.DROP_OLD_TABLE; }

        public String target() { return keyspace + "." + table; }
    }
}
