package io.shardops.reconciler.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.shardops.spec.Cluster;
import io.shardops.spec.Keyspace;
import io.shardops.spec.TabletType;
import io.shardops.spec.backup.BackupCredentials;
import io.shardops.spec.backup.BackupFrom;
import io.shardops.spec.backup.BackupPolicy;
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
 * The backup policy of the spec a local cluster last applied, resolved per keyspace, kept in its state dir
 * ({@value #FILE}) so {@code shardops backup}, {@code backups}, {@code status} and the node's scheduler read the
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

        public Optional<BackupSchedule> parsedSchedule() {
            return schedule == null || schedule.isEmpty() ? Optional.empty() : BackupSchedule.parse(schedule).schedule();
        }
    }

    public AppliedBackupPolicy {
        keyspaces = Collections.unmodifiableMap(new LinkedHashMap<>(keyspaces));
    }

    /** The policy of {@code desired} per keyspace; {@code defaultLocation} where the spec names none. */
    public static AppliedBackupPolicy of(Cluster desired, Path defaultLocation) {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (Keyspace k : desired.keyspaces()) {
            Optional<BackupPolicy> p = desired.backups().forKeyspace(k.name());
            String location = p.map(BackupPolicy::location).orElse(null);
            BackupCredentials creds = p.map(BackupPolicy::credentialsOrNone).orElse(new BackupCredentials.None());
            String credentialsFile = switch (creds) {
                case BackupCredentials.File f -> f.path();
                case BackupCredentials.KubernetesSecret s -> "";
                case BackupCredentials.None n -> "";
            };
            String credentialsSecret = switch (creds) {
                case BackupCredentials.File f -> "";
                case BackupCredentials.KubernetesSecret s -> s.name();
                case BackupCredentials.None n -> "";
            };
            out.put(k.name(), new Entry(
                    location == null ? defaultLocation.toAbsolutePath().normalize().toString() : location,
                    credentialsFile,
                    credentialsSecret,
                    p.map(BackupPolicy::keepOrDefault).orElse(BackupPolicy.DEFAULT_KEEP),
                    p.map(BackupPolicy::fromOrDefault).orElse(BackupFrom.RDONLY).word(),
                    p.map(BackupPolicy::schedule).map(AppliedBackupPolicy::scheduleText).orElse("")));
        }
        return new AppliedBackupPolicy(out);
    }

    private static String scheduleText(BackupSchedule s) {
        return switch (s) {
            case BackupSchedule.Every e -> e.text();
            case BackupSchedule.Cron c -> c.expression().text();
        };
    }

    public Optional<Entry> keyspace(String name) {
        return Optional.ofNullable(keyspaces.get(name));
    }

    public void write(Path stateDir) throws IOException {
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

    /**
     * The backup settings the apply steps of the local cluster in {@code stateDir} use: the policy of {@code desired}
     * (recorded in the state dir for the node's scheduler and for {@code shardops backup}), else the default location.
     */
    public static BackupSettingsSource recordLocal(Path stateDir, Cluster desired) throws IOException {
        Path fallback = defaultLocation(stateDir);
        if (desired == null) {
            return BackupSettingsSource.localDefault(fallback);
        }
        AppliedBackupPolicy applied = of(desired, fallback);
        applied.write(stateDir);
        return applied.source(fallback);
    }

    /** Settings source for the apply steps: the spec's policy, else the default location. */
    public BackupSettingsSource source(Path defaultLocation) {
        BackupSettingsSource fallback = BackupSettingsSource.localDefault(defaultLocation);
        return keyspace -> keyspace(keyspace).map(Entry::settings).or(() -> fallback.forKeyspace(keyspace));
    }
}
