package io.shardops.reconciler.backup;

import io.shardops.spec.TabletType;
import java.nio.file.Path;
import java.util.Optional;

/** The backup settings in force for a keyspace, if any: from the spec's policy, else a local cluster's default. */
@FunctionalInterface
public interface BackupSettingsSource {
    Optional<BackupSettings> forKeyspace(String keyspace);

    /** No backups: new tablets replicate everything from the primary. */
    BackupSettingsSource NONE = keyspace -> Optional.empty();

    /** A local cluster without a policy: {@code <state dir>/backups}, the default count, from an rdonly. */
    static BackupSettingsSource localDefault(Path location) {
        BackupSettings s = new BackupSettings(location.toAbsolutePath().normalize().toString(), "", BackupSettings.DEFAULT_KEEP,
                TabletType.RDONLY);
        return keyspace -> Optional.of(s);
    }
}
