package io.shardops.dataplane.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The backups in a {@link BackupLocation}, found by their manifests: a backup exists exactly when its
 * {@link BackupNames#MANIFEST} does. Lists, finds the latest (or the latest before a time), writes manifests and
 * prunes.
 */
public final class BackupCatalog {
    private final BackupLocation location;

    public BackupCatalog(BackupLocation location) {
        this.location = location;
    }

    public BackupLocation location() {
        return location;
    }

    /** Complete backups found, oldest first, and the manifests that could not be read (with the reason). */
    public record Listing(List<BackupManifest> backups, List<String> problems) {
        public Listing {
            backups = List.copyOf(backups);
            problems = List.copyOf(problems);
        }
    }

    /** Every backup in the location. */
    public Listing all() throws IOException {
        return listUnder("");
    }

    /** Every backup of a keyspace. */
    public Listing keyspace(String keyspace) throws IOException {
        return listUnder(BackupNames.keyspacePrefix(keyspace));
    }

    /** Every backup of a shard, oldest first; unreadable manifests are left out. */
    public List<BackupManifest> shard(String keyspace, String shard) throws IOException {
        return listUnder(BackupNames.shardPrefix(keyspace, shard)).backups();
    }

    public Optional<BackupManifest> latest(String keyspace, String shard) throws IOException {
        List<BackupManifest> list = shard(keyspace, shard);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(list.size() - 1));
    }

    /** The newest backup of the shard whose data ends at or before {@code time}. */
    public Optional<BackupManifest> latestBefore(String keyspace, String shard, Instant time) throws IOException {
        return shard(keyspace, shard).stream().filter(m -> !m.endTime().isAfter(time)).reduce((a, b) -> b);
    }

    /** Writes the manifest, the last object of a backup: from now on the backup exists. */
    public void writeManifest(BackupManifest manifest) throws IOException {
        String object = BackupNames.manifestObject(manifest.keyspace(), manifest.shard(), manifest.name());
        if (!location.exists(manifest.dataObject())) {
            throw new IOException("backup " + manifest.name() + ": data object " + manifest.dataObject()
                    + " is missing in " + location.describe() + "; not writing its manifest");
        }
        location.write(object, manifest.toJson());
    }

    /** Opens the backup's stored data (compressed as its manifest says). */
    public InputStream openData(BackupManifest manifest) throws IOException {
        return location.open(manifest.dataObject());
    }

    /**
     * Keeps the newest {@code keep} backups of the shard and deletes the rest, manifest first so a backup stops
     * existing before its data goes; also deletes data left without a manifest (an interrupted backup) older than
     * the newest complete one. Returns the deleted backups.
     */
    public List<BackupManifest> prune(String keyspace, String shard, int keep) throws IOException {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, got " + keep);
        }
        List<BackupManifest> list = shard(keyspace, shard);
        List<BackupManifest> deleted = new ArrayList<>();
        for (int i = 0; i < list.size() - keep; i++) {
            BackupManifest m = list.get(i);
            location.delete(BackupNames.manifestObject(keyspace, shard, m.name()));
            location.delete(m.dataObject());
            deleted.add(m);
        }
        if (!list.isEmpty()) {
            String newest = list.get(list.size() - 1).name();
            String prefix = BackupNames.shardPrefix(keyspace, shard);
            for (String object : location.list(prefix)) {
                String backup = backupOf(prefix, object);
                if (backup != null && backup.compareTo(newest) < 0
                        && !location.exists(BackupNames.manifestObject(keyspace, shard, backup))) {
                    location.delete(object);
                }
            }
        }
        return List.copyOf(deleted);
    }

    private Listing listUnder(String prefix) throws IOException {
        List<BackupManifest> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String object : location.list(prefix)) {
            if (!object.endsWith("/" + BackupNames.MANIFEST)) {
                continue;
            }
            try (InputStream in = location.open(object)) {
                byte[] bytes = in.readNBytes(BackupManifest.MAX_BYTES + 1);
                BackupManifest m = BackupManifest.parse(bytes);
                String expected = BackupNames.manifestObject(m.keyspace(), m.shard(), m.name());
                if (!expected.equals(object)) {
                    problems.add(object + ": describes backup " + expected + ", not this one");
                    continue;
                }
                found.add(m);
            } catch (IllegalArgumentException e) {
                problems.add(object + ": " + e.getMessage());
            } catch (NoSuchFileException e) {
                // pruned between list and read
            }
        }
        found.sort(Comparator.comparing(BackupManifest::keyspace)
                .thenComparing(BackupManifest::shard)
                .thenComparing(BackupManifest::endTime)
                .thenComparing(BackupManifest::name));
        return new Listing(found, problems);
    }

    /** The backup name of an object {@code PREFIX/BACKUP/FILE}, or null when it is not laid out that way. */
    private static String backupOf(String shardPrefix, String object) {
        String rest = object.substring(shardPrefix.length());
        int slash = rest.indexOf('/');
        return slash <= 0 || rest.indexOf('/', slash + 1) >= 0 ? null : rest.substring(0, slash);
    }
}
