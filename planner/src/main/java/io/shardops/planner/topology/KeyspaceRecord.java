package io.shardops.planner.topology;

import io.shardops.spec.TabletType;
import java.util.List;
import java.util.Optional;

/**
 * {@code global/keyspaces/<ks>/Keyspace}: a keyspace and where its traffic is served from while a
 * vertical split has not switched every tablet type yet.
 *
 * @param servedFrom one entry per tablet type still served by another keyspace; empty when the keyspace serves itself
 * @param snapshot   for a snapshot keyspace ({@code shardops restore KS --to TIME --into NEW_KS}), what it is a
 *                   copy of; null for a keyspace of the spec. Plans leave snapshot keyspaces alone.
 * @param backup     the backup policy a {@code set-backup-policy} step recorded; null when none was (backups on
 *                   demand into the default location)
 */
public record KeyspaceRecord(String name, List<ServedFrom> servedFrom, Snapshot snapshot, BackupPolicyRecord backup) {
    /** A read-only copy of {@code baseKeyspace} as it was at {@code time} (ISO 8601 UTC). */
    public record Snapshot(String baseKeyspace, String time) {}

    public KeyspaceRecord {
        servedFrom = List.copyOf(servedFrom);
    }

    public KeyspaceRecord(String name, List<ServedFrom> servedFrom) {
        this(name, servedFrom, null, null);
    }

    public KeyspaceRecord(String name, List<ServedFrom> servedFrom, Snapshot snapshot) {
        this(name, servedFrom, snapshot, null);
    }

    /** This record serving from {@code newServedFrom}; its snapshot and backup policy kept. */
    public KeyspaceRecord withServedFrom(List<ServedFrom> newServedFrom) {
        return new KeyspaceRecord(name, newServedFrom, snapshot, backup);
    }

    /** This record with {@code policy} (null: none) as its backup policy. */
    public KeyspaceRecord withBackup(BackupPolicyRecord policy) {
        return new KeyspaceRecord(name, servedFrom, snapshot, policy);
    }

    public boolean isSnapshot() {
        return snapshot != null;
    }

    public static KeyspaceRecord servingItself(String name) {
        return new KeyspaceRecord(name, List.of());
    }

    public Optional<String> servedFrom(TabletType tabletType) {
        return servedFrom.stream().filter(s -> s.tabletType() == tabletType).map(ServedFrom::keyspace).findFirst();
    }
}
