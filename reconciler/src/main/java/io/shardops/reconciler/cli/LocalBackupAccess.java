package io.shardops.reconciler.cli;

import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.backup.AppliedBackupPolicy;
import io.shardops.reconciler.backup.BackupSettings;
import io.shardops.reconciler.host.local.LocalCluster;
import io.shardops.reconciler.host.local.StateDir;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.reconciler.topo.EtcdTopologySource;
import io.shardops.reconciler.topo.TopoException;
import io.shardops.spec.TabletType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * What {@code shardops backup} and {@code shardops backups} share: the local cluster, its topology and the backup
 * settings in force (the options, else the default location {@code <state dir>/backups}, 7 kept, from an rdonly).
 */
final class LocalBackupAccess {
    @Option(names = "--location", paramLabel = "DIR",
            description = "Where backups are stored (default: <state dir>/backups).")
    Path location;

    @Option(names = "--keep", paramLabel = "N", description = "Backups kept per shard when pruning (default: 7).")
    Integer keep;

    @Option(names = "--from", paramLabel = "TYPE",
            description = "The tablet type to back up from: rdonly or replica (default: rdonly; the primary only when the shard runs nothing else).")
    String from;

    /** The running local cluster in {@code dir}, or a user error saying how to start one. */
    static LocalCluster cluster(StateDir dir) {
        Optional<LocalCluster> local;
        try {
            local = LocalCluster.existing(dir);
        } catch (IOException e) {
            throw new UserException("cannot read the local cluster in " + dir + ": " + e.getMessage());
        }
        if (local.isEmpty()) {
            throw new UserException("no local cluster in " + dir + "; start one with: shardops up SPEC");
        }
        if (!local.get().etcdHealthy()) {
            throw new UserException("the local cluster in " + dir + " is not running; start it with: shardops up");
        }
        return local.get();
    }

    static Topology topology(LocalCluster lc) {
        try (EtcdTopoStore store = lc.topoStore()) {
            return new EtcdTopologySource(store).read(lc.config().cluster());
        } catch (TopoException e) {
            throw new UserException("cannot read the topology from " + lc.config().etcdEndpoint() + ": " + e.getMessage());
        }
    }

    /** The settings for {@code keyspace}: the options, over the applied spec's policy, over the defaults. */
    BackupSettings settings(StateDir dir, String keyspace) {
        Optional<BackupSettings> applied = keyspace == null ? Optional.empty()
                : AppliedBackupPolicy.read(dir.root()).flatMap(p -> p.keyspace(keyspace))
                        .map(AppliedBackupPolicy.Entry::settings);
        if (applied.isEmpty()) {
            return settings(dir);
        }
        BackupSettings a = applied.get();
        BackupSettings options = settings(dir);
        return new BackupSettings(location == null ? a.location() : options.location(), a.credentialsFile(),
                keep == null ? a.keep() : options.keep(), from == null ? a.from() : options.from());
    }

    BackupSettings settings(StateDir dir) {
        TabletType type = TabletType.RDONLY;
        if (from != null) {
            type = switch (from) {
                case "rdonly" -> TabletType.RDONLY;
                case "replica" -> TabletType.REPLICA;
                default -> throw new UserException("--from " + from + ": use rdonly or replica");
            };
        }
        int k = keep == null ? BackupSettings.DEFAULT_KEEP : keep;
        if (k < 1) {
            throw new UserException("--keep " + k + ": keep at least 1 backup per shard");
        }
        Path where = location == null ? AppliedBackupPolicy.defaultLocation(dir.root()) : location.toAbsolutePath().normalize();
        return new BackupSettings(where.toString(), "", k, type);
    }
}
