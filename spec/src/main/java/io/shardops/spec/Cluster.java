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
 * @param durability  {@code spec.durability}; null when the spec does not say (see {@link Durability#effective})
 * @param backups     backup policies: the cluster's and per-keyspace overrides ({@link BackupPolicies#NONE} when none)
 * @param positions   where each part was written ({@link SpecPositions#NONE} for a cluster not loaded from files)
 */
public record Cluster(
        String name,
        List<Cell> cells,
        TabletCounts tabletDefaults,
        List<Keyspace> keyspaces,
        List<Migration> migrations,
        Policy policy,
        Durability durability,
        BackupPolicies backups,
        SpecPositions positions) {

    public Cluster {
        cells = List.copyOf(cells);
        keyspaces = List.copyOf(keyspaces);
        migrations = List.copyOf(migrations);
        backups = backups == null ? BackupPolicies.NONE : backups;
        positions = positions == null ? SpecPositions.NONE : positions;
    }

    /** A cluster made in code, with no source positions. */
    public Cluster(String name, List<Cell> cells, TabletCounts tabletDefaults, List<Keyspace> keyspaces, List<Migration> migrations, Policy policy) {
        this(name, cells, tabletDefaults, keyspaces, migrations, policy, null, BackupPolicies.NONE, SpecPositions.NONE);
    }

    /** A cluster made in code with a durability policy, with no source positions. */
    public Cluster(String name, List<Cell> cells, TabletCounts tabletDefaults, List<Keyspace> keyspaces, List<Migration> migrations, Policy policy,
                   Durability durability) {
        this(name, cells, tabletDefaults, keyspaces, migrations, policy, durability, BackupPolicies.NONE, SpecPositions.NONE);
    }

    /** A cluster made in code with backup policies, with no source positions. */
    public Cluster(String name, List<Cell> cells, TabletCounts tabletDefaults, List<Keyspace> keyspaces, List<Migration> migrations, Policy policy,
                   BackupPolicies backups) {
        this(name, cells, tabletDefaults, keyspaces, migrations, policy, null, backups, SpecPositions.NONE);
    }

    /** The same cluster with other source positions. */
    public Cluster withPositions(SpecPositions newPositions) {
        return new Cluster(name, cells, tabletDefaults, keyspaces, migrations, policy, durability, backups, newPositions);
    }

    public Optional<Keyspace> keyspace(String keyspaceName) {
        return keyspaces.stream().filter(k -> k.name().equals(keyspaceName)).findFirst();
    }

    /** The durability {@code shard} of {@code keyspace} runs with: the keyspace's override, else the cluster's, else the default. */
    public Durability durability(Keyspace keyspace, Shard shard) {
        return Durability.effective(keyspace.durability() != null ? keyspace.durability() : durability, shard.tablets());
    }

    public Optional<Migration> migration(String migrationName) {
        return migrations.stream().filter(m -> m.name().equals(migrationName)).findFirst();
    }
}
