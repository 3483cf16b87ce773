package io.shardops.reconciler.cli;

import io.shardops.dataplane.archive.BinlogArchiver;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.archive.ArchiveLocations;
import io.shardops.reconciler.archive.ArchiveSupervisor;
import io.shardops.reconciler.backup.AppliedBackupPolicy;
import io.shardops.reconciler.backup.BackupScheduler;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.reconciler.topo.EtcdTopologySource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a local cluster's node runs for backups, run by {@code shardops failover-monitor --backup-policy DIR} for a
 * cluster whose tablets run elsewhere (Kubernetes pods): the backup schedule of the policy in DIR, and the binlog
 * archive of each shard's primary, reached at the address its tablet record gives. Only keyspaces the policy names
 * are archived: outside a local cluster there is no default location.
 */
final class ScheduledBackups {
    private ScheduledBackups() {}

    static AutoCloseable start(Path policyDir, EtcdAccess access, String cluster, Consumer<String> log) {
        var credentials = access.credentials().orElseThrow(() -> new UserException(
                "--backup-policy needs the cluster's credentials (--credentials FILE): backups and the archive log in to the tablets"));
        BackupScheduler scheduler = new BackupScheduler(policyDir, () -> topology(access, cluster),
                access.tabletManagers()::of, log, Clock.systemUTC()).start(BackupScheduler.CHECK_EVERY);
        ArchiveSupervisor archives = new ArchiveSupervisor(new ArchiveLocations(policyDir), credentials.mysqlAccounts(),
                () -> primaries(topology(access, cluster), AppliedBackupPolicy.read(policyDir).orElse(null)),
                BinlogArchiver.Settings.DEFAULT, log).start(2000);
        log.accept("backup schedule and binlog archive of " + policyDir.resolve(AppliedBackupPolicy.FILE) + " started");
        return () -> {
            archives.close();
            scheduler.close();
        };
    }

    private static Topology topology(EtcdAccess access, String cluster) {
        try (EtcdTopoStore store = access.connect()) {
            return new EtcdTopologySource(store).read(cluster);
        }
    }

    /** The serving primary of every shard of a keyspace {@code policy} names, where its tablet record says it is. */
    static List<ArchiveSupervisor.Primary> primaries(Topology t, AppliedBackupPolicy policy) {
        if (policy == null) {
            return List.of();
        }
        return t.shards().values().stream()
                .filter(s -> s.primaryAlias() != null && s.primaryServing() && policy.keyspace(s.keyspace()).isPresent())
                .map(s -> primary(t, s))
                .filter(Objects::nonNull)
                .toList();
    }

    private static ArchiveSupervisor.Primary primary(Topology t, ShardRecord s) {
        TabletRecord r = t.tablets().get(s.primaryAlias());
        return r == null ? null : new ArchiveSupervisor.Primary(s.keyspace(), s.name(), r.alias(), r.hostname(), r.mysqlPort());
    }
}
