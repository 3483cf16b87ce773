package io.shardops.reconciler.apply.steps.tablets;

import io.shardops.dataplane.tablet.ReplicationStatus;
import io.shardops.dataplane.tablet.TabletManager;
import io.shardops.dataplane.tablet.TabletStatus;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.reconciler.backup.BackupSettings;
import io.shardops.reconciler.backup.BackupSettingsSource;
import io.shardops.reconciler.backup.ShardBackups;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Seeds a new tablet from its shard's latest backup (issue 17), for {@code start-tablets} and {@code rebuild-tablet}:
 * a tablet that never replicated nor wrote anything (no GTID, no tables, no source) gets the backup, so replication
 * then brings only what came after it. Without a backup, or when the restore fails, it replicates everything from
 * the primary.
 */
public final class NewTabletSeeding {
    private final TabletManagers managers;
    private final BackupSettingsSource backups;
    private final Consumer<String> progress;

    public NewTabletSeeding(TabletManagers managers, BackupSettingsSource backups, Consumer<String> progress) {
        this.managers = managers;
        this.backups = backups;
        this.progress = progress;
    }

    /** Seeds {@code r} if it is new and its keyspace has a backup location; whether it did. */
    public boolean seedIfNew(TabletRecord r) {
        Optional<BackupSettings> settings = backups.forKeyspace(r.keyspace());
        if (settings.isEmpty()) {
            return false;
        }
        TabletManager m = managers.of(r);
        TabletStatus st = m.status();
        ReplicationStatus rs = st.replication();
        if (rs == null || rs.isReplica() || !rs.gtidCurrentPos().isEmpty() || !st.tables().isEmpty()) {
            return false;
        }
        try {
            new ShardBackups(managers::of, progress).seed(r, settings.get());
            return true;
        } catch (RuntimeException e) {
            progress.accept("  seeding " + r.alias() + " from a backup failed (" + e.getMessage()
                    + "); it replicates everything from the primary instead");
            return false;
        }
    }
}
