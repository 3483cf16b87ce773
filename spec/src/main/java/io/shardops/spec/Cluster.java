package io.shardops.spec;

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
 */
public record Cluster(
        String name,
        List<Cell> cells,
        TabletCounts tabletDefaults,
        List<Keyspace> keyspaces,
        List<Migration> migrations,
        Policy policy,
        Durability durability) {

    /** A cluster whose spec does not declare a durability policy. */
    public Cluster(String name, List<Cell> cells, TabletCounts tabletDefaults, List<Keyspace> keyspaces, List<Migration> migrations, Policy policy) {
        this(name, cells, tabletDefaults, keyspaces, migrations, policy, null);
    }

    public Cluster {
        cells = List.copyOf(cells);
        keyspaces = List.copyOf(keyspaces);
        migrations = List.copyOf(migrations);
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
