package io.shardops.dataplane.tablet;

import io.shardops.dataplane.backup.BackupCatalog;
import io.shardops.dataplane.backup.BackupLocations;
import io.shardops.dataplane.backup.BackupManifest;
import io.shardops.dataplane.backup.BackupProgress;
import io.shardops.dataplane.backup.BackupRequest;
import io.shardops.dataplane.backup.BackupVerification;
import io.shardops.dataplane.backup.ShardBackup;
import io.shardops.dataplane.backup.ShardRestore;
import io.shardops.dataplane.mysqlctl.ExternalMysqld;
import io.shardops.dataplane.mysqlctl.Mysqld;
import io.shardops.dataplane.tablet.query.SchemaCache;
import io.shardops.dataplane.tablet.query.ServingControl;
import io.shardops.spec.TabletType;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A tablet's backups, restores and backup verifications (issue 17), apart from {@link LocalTabletManager} so the
 * checks on which shard a backup belongs to and which tablet may restore it sit in one place.
 */
final class TabletBackups {
    private final TabletIdentity identity;
    private final Mysqld mysqld;
    private final ServingControl serving;
    private final SchemaCache schemaCache;
    private final TabletAdmin admin;

    private volatile ShardBackup shardBackup;

    TabletBackups(TabletIdentity identity, Mysqld mysqld, ServingControl serving, SchemaCache schemaCache, TabletAdmin admin) {
        this.identity = identity;
        this.mysqld = mysqld;
        this.serving = serving;
        this.schemaCache = schemaCache;
        this.admin = admin;
    }

    /**
     * The backup taker. A tablet beside a MariaDB another container runs (Kubernetes) backs up when it reads that
     * server's data volume ({@code --mysql-datadir}). A restore stops and starts the server, which only a tablet
     * running its own can; a verification starts a scratch server beside the tablet, not tried in a pod yet: both
     * pass {@code restores} and are refused there.
     */
    private ShardBackup shardBackup(boolean restores) {
        Optional<ExternalMysqld> external = mysqld.externalServer();
        if (external.isPresent() && restores) {
            throw new TabletManagerException("tablet " + identity.describe() + " runs beside an external MariaDB; "
                    + "restores and verifications run where shardops runs the server");
        }
        if (external.isPresent() && external.get().dataDir() == null) {
            throw new TabletManagerException("tablet " + identity.describe() + " runs beside an external MariaDB whose datadir it"
                    + " cannot read; start it with --mysql-datadir (the server's data volume, mounted read-only) to take backups");
        }
        ShardBackup b = shardBackup;
        if (b == null) {
            synchronized (this) {
                if (shardBackup == null) {
                    shardBackup = new ShardBackup(mysqld.config(),
                            external.map(ExternalMysqld::dataDir).orElse(mysqld.config().dataDir()), mysqld.accounts(),
                            identity.alias().toString(), Clock.systemUTC());
                }
                b = shardBackup;
            }
        }
        return b;
    }

    BackupManifest backup(BackupRequest request) {
        if (!request.keyspace().equals(identity.keyspace()) || !request.shard().equals(identity.shard())) {
            throw new IllegalArgumentException("tablet " + identity.describe() + " cannot back up " + request.keyspace() + "/" + request.shard());
        }
        return shardBackup(false).take(request);
    }

    BackupProgress backupProgress() {
        ShardBackup b = shardBackup;
        return b == null ? BackupProgress.IDLE : b.progress();
    }

    ShardRestore.Result restoreBackup(BackupRequest request, BackupManifest manifest) {
        boolean own = manifest.keyspace().equals(identity.keyspace()) && manifest.shard().equals(identity.shard());
        // a snapshot keyspace's tablet (shardops restore --into) restores its base keyspace's shard, named in the request
        boolean snapshot = !request.keyspace().equals(identity.keyspace())
                && manifest.keyspace().equals(request.keyspace()) && manifest.shard().equals(request.shard());
        if (!own && !snapshot) {
            throw new IllegalArgumentException("tablet " + identity.describe() + " cannot restore a backup of "
                    + manifest.keyspace() + "/" + manifest.shard());
        }
        if (serving.get().type() == TabletType.PRIMARY) {
            throw new TabletManagerException("tablet " + identity.describe() + " is the primary; a backup is restored only into a new replica or rdonly");
        }
        shardBackup(true);
        ShardRestore.Result r = ShardRestore.restoreInto(mysqld,
                new BackupCatalog(
                        BackupLocations.open(request.location(), request.credentialsFile())),
                manifest);
        try (Connection c = admin.connect()) {
            schemaCache.reload(c);
        } catch (SQLException e) {
            throw new TabletManagerException("tablet " + identity.describe() + ": restored, but its schema could not be read: " + e.getMessage(), e);
        }
        return r;
    }

    BackupVerification.Result verifyBackup(BackupRequest request, BackupManifest manifest) {
        boolean own = manifest.keyspace().equals(identity.keyspace()) && manifest.shard().equals(identity.shard());
        // a snapshot keyspace's tablet (shardops restore --into) restores its base keyspace's shard, named in the request
        boolean snapshot = !request.keyspace().equals(identity.keyspace())
                && manifest.keyspace().equals(request.keyspace()) && manifest.shard().equals(request.shard());
        if (!own && !snapshot) {
            throw new IllegalArgumentException("tablet " + identity.describe() + " cannot verify a backup of "
                    + manifest.keyspace() + "/" + manifest.shard());
        }
        if (serving.get().type() == TabletType.PRIMARY) {
            throw new TabletManagerException("tablet " + identity.describe() + " is the primary; a backup is verified on a replica or rdonly,"
                    + " whose replication can stand still while the tables are compared");
        }
        shardBackup(true);
        return BackupVerification.verify(mysqld, identity.database(),
                new BackupCatalog(BackupLocations.open(request.location(), request.credentialsFile())), manifest, Duration.ofMinutes(10));
    }
}
