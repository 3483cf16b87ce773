package io.shardops.reconciler.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.shardops.planner.topology.BackupPolicyRecord;
import io.shardops.spec.Cluster;
import io.shardops.spec.Keyspace;
import io.shardops.spec.TabletType;
import io.shardops.spec.backup.BackupSchedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The backup policy a local cluster's {@code set-backup-policy} steps last recorded, resolved per keyspace, kept in
 * its state dir ({@value #FILE}; written by {@link BackupPolicyRecorder#stateDir}) so {@code shardops backup}, {@code backups}, {@code status} and the node's scheduler read the
 * same settings without the spec. A keyspace the spec gives no policy backs up into the default location.
 *
 * @param keyspaces resolved settings by keyspace
 */
public record AppliedBackupPolicy(Map<String, Entry> keyspaces) {
    public static final String FILE = "backup-policy.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One keyspace's settings; {@code schedule} is the spec's text, empty for on demand. */
    public record Entry(String location, String credentialsFile, String credentialsSecret, int keep, String from, String schedule) {
        public BackupSettings settings() {
            return new BackupSettings(location, credentialsFile, keep, "replica".equals(from) ? TabletType.REPLICA : TabletType.RDONLY);
        }

        /** A keyspace's recorded policy; {@code defaultLocation} where it names none. */
        public static Entry of(BackupPolicyRecord p, Path defaultLocation) {
            return new Entry(p.location().isEmpty() ? defaultLocation.toAbsolutePath().normalize().toString() : p.location(),
                    p.credentialsFile(), p.credentialsSecret(), p.keep(), p.from(), p.schedule());
        }

        public Optional<BackupSchedule> parsedSchedule() {
            return schedule == null || schedule.isEmpty() ? Optional.empty() : BackupSchedule.parse(schedule).schedule();
        }
    }

    public AppliedBackupPolicy {
        keyspaces = Collections.unmodifiableMap(new LinkedHashMap<>(keyspaces));
    }

    /** The policy of {@code desired} per keyspace that has one; {@code defaultLocation} where it names none. */
    public static AppliedBackupPolicy of(Cluster desired, Path defaultLocation) {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (Keyspace k : desired.keyspaces()) {
            BackupPolicyRecord.of(desired.backups().forKeyspace(k.name()))
                    .ifPresent(r -> out.put(k.name(), Entry.of(r, defaultLocation)));
        }
        return new AppliedBackupPolicy(out);
    }

    /** This policy with {@code keyspace}'s entry replaced; null removes it (the default applies). */
    public AppliedBackupPolicy with(String keyspace, Entry entry) {
        Map<String, Entry> m = new LinkedHashMap<>(keyspaces);
        if (entry == null) {
            m.remove(keyspace);
        } else {
            m.put(keyspace, entry);
        }
        return new AppliedBackupPolicy(m);
    }

    public Optional<Entry> keyspace(String name) {
        return Optional.ofNullable(keyspaces.get(name));
    }

    public void write(Path stateDir) throws IOException {
        Files.createDirectories(stateDir);
        Path f = stateDir.resolve(FILE);
        Path tmp = stateDir.resolve(FILE + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(this));
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The policy the cluster in {@code stateDir} last applied; empty before any apply. */
    public static Optional<AppliedBackupPolicy> read(Path stateDir) {
        Path f = stateDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(f.toFile(), AppliedBackupPolicy.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Where a local cluster without a policy keeps its backups (and its binlog archives): {@code <state dir>/backups}. */
    public static Path defaultLocation(Path stateDir) {
        return stateDir.toAbsolutePath().normalize().resolve("backups");
    }

    /** Settings source for the apply steps: the spec's policy, else the default location. */
    public BackupSettingsSource source(Path defaultLocation) {
        BackupSettingsSource fallback = BackupSettingsSource.localDefault(defaultLocation);
        return keyspace -> keyspace(keyspace).map(Entry::settings).or(() -> fallback.forKeyspace(keyspace));
    }
}
