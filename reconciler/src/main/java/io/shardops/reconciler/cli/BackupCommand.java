package io.shardops.reconciler.cli;

import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.backup.BackupSettings;
import io.shardops.reconciler.backup.ShardBackups;
import io.shardops.reconciler.host.local.LocalCluster;
import io.shardops.reconciler.host.local.StateDir;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shardops backup KS[/SHARD]}: takes a backup of each shard now, with progress lines, then prunes. */
@Command(name = "backup", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Take a backup of a keyspace's shards (or one shard) now with mariadb-backup, on an rdonly or replica tablet,"
                    + " streamed and compressed into the backup location; the manifest is written last. Then prune to the kept count.",
            "Exit status: 0 when every shard's backup is stored; 1 otherwise."
        })
public final class BackupCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KS[/SHARD]", description = "The keyspace, or one shard of it, e.g. customer or customer/-80.")
    String target;

    @Mixin
    StateDirOption stateDir = new StateDirOption();

    @Mixin
    LocalBackupAccess access = new LocalBackupAccess();

    @Option(names = "--verify",
            description = "Instead of taking a backup, verify each shard's latest: restore it into a scratch MariaDB beside a replica or rdonly"
                    + " and compare every table's checksum with that tablet's at one GTID position. Exit 1 when a backup is corrupt or differs.")
    boolean verify;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        StateDir dir = stateDir.resolve();
        LocalCluster lc = LocalBackupAccess.cluster(dir);
        Topology t = LocalBackupAccess.topology(lc);
        String keyspace = target.contains("/") ? target.substring(0, target.indexOf('/')) : target;
        List<ShardRecord> shards = t.shardsOf(keyspace);
        if (target.contains("/")) {
            String shard = target.substring(target.indexOf('/') + 1);
            shards = shards.stream().filter(s -> s.name().equals(shard)).toList();
        }
        if (shards.isEmpty()) {
            throw new UserException("no shard " + target + " in cluster " + lc.config().cluster() + "; see shardops status for its keyspaces and shards");
        }
        BackupSettings settings = access.settings(dir, keyspace);
        ShardBackups backups = new ShardBackups(TabletManagers.http(lc.credentials())::of, line -> {
            out.println(line);
            out.flush();
        });
        int failed = 0;
        for (ShardRecord s : shards) {
            try {
                if (verify) {
                    backups.verifyLatest(t, s.keyspace(), s.name(), settings);
                } else {
                    backups.backup(t, s.keyspace(), s.name(), settings);
                }
            } catch (RuntimeException e) {
                failed++;
                out.println((verify ? "Verification" : "Backup") + " of " + s.keyspace() + "/" + s.name() + " FAILED: " + e.getMessage());
            }
        }
        out.flush();
        if (failed > 0) {
            throw new UserException(failed + " of " + shards.size() + " shard " + (verify ? "verification(s)" : "backup(s)") + " failed; see above");
        }
        return 0;
    }
}
