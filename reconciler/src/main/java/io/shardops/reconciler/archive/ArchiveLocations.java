package io.shardops.reconciler.archive;

import io.shardops.dataplane.backup.BackupLocation;
import io.shardops.dataplane.backup.BackupLocations;
import io.shardops.reconciler.backup.AppliedBackupPolicy;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A keyspace's binlog archive goes where its backups go: the location of the policy the cluster last applied,
 * else the local cluster's default ({@code <state dir>/backups}). Restores need both in one place.
 */
public final class ArchiveLocations {
    /** A keyspace's location as the policy names it, with its credentials file. */
    public record Where(String location, String credentialsFile) {}

    private final Path stateDir;
    private final Map<Where, BackupLocation> open = new ConcurrentHashMap<>();

    public ArchiveLocations(Path stateDir) {
        this.stateDir = stateDir;
    }

    public Where where(String keyspace) {
        return AppliedBackupPolicy.read(stateDir).flatMap(p -> p.keyspace(keyspace))
                .map(e -> new Where(e.location(), e.credentialsFile()))
                .orElse(new Where(AppliedBackupPolicy.defaultLocation(stateDir).toString(), ""));
    }

    public BackupLocation location(String keyspace) {
        return open.computeIfAbsent(where(keyspace), w -> BackupLocations.open(w.location(), w.credentialsFile()));
    }
}
