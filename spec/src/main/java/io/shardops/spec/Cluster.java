package io.shardops.spec;

import io.shardops.spec.backup.BackupPolicies;
import java.util.List;
import java.util.Optional;

/**
 * The desired state of one cluster, as a validated spec describes it. Immutable; the planner's input.
 *
 * @param name        metadata.name; the etcd root is {@code /shardops/<name>}
 * @param cells       at least one
 * @param tabletDefaults tablet counts per shard where a shard does not say
 * @param keyspaces   in spec order
 * @param migrations  explicit data moves, in spec order
 * @param policy      approval gates
 * @param backups     backup policies: the cluster's and per-keyspace overrides ({@link BackupPolicies#NONE} when none)
 */
public record Cluster(
        String name,
        List<Cell> cells,
        TabletCounts tabletDefaults,
        List<Keyspace> keyspaces,
        List<Migration> migrations,
        Policy policy,
        BackupPolicies backups) {

    public Cluster {
        cells = List.copyOf(cells);
        keyspaces = List.copyOf(keyspaces);
        migrations = List.copyOf(migrations);
        backups = backups == null ? BackupPolicies.NONE : backups;
    }

    /** A cluster without backup policies. */
    public Cluster(String name, List<Cell> cells, TabletCounts tabletDefaults, List<Keyspace> keyspaces, List<Migration> migrations,
                   Policy policy) {
        this(name, cells, tabletDefaults, keyspaces, migrations, policy, BackupPolicies.NONE);
    }

    public Optional<Keyspace> keyspace(String keyspaceName) {
        return keyspaces.stream().filter(k -> k.name().equals(keyspaceName)).findFirst();
    }

    public Optional<Migration> migration(String migrationName) {
        return migrations.stream().filter(m -> m.name().equals(migrationName)).findFirst();
    }
}
