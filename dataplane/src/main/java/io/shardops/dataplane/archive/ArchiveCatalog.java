package io.shardops.dataplane.archive;

import io.shardops.dataplane.backup.BackupLocation;
import io.shardops.dataplane.replication.GtidPosition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** What a location holds of one shard's binlog archive: its segments in order and how far it reaches. */
public final class ArchiveCatalog {
    private final BackupLocation location;

    public ArchiveCatalog(BackupLocation location) {
        this.location = location;
    }

    /** The shard's segments in archive order; only those whose manifest is there. */
    public List<SegmentManifest> segments(String keyspace, String shard) throws IOException {
        List<SegmentManifest> out = new ArrayList<>();
        for (String name : location.list(ArchiveNames.prefix(keyspace, shard))) {
            OptionalLong n = ArchiveNames.manifestNumber(name);
            if (n.isPresent()) {
                out.add(SegmentManifest.parse(read(name)));
            }
        }
        out.sort(Comparator.comparingLong(SegmentManifest::number));
        return List.copyOf(out);
    }

    public Optional<SegmentManifest> latest(String keyspace, String shard) throws IOException {
        List<SegmentManifest> all = segments(keyspace, shard);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    public Optional<ArchiveProgress> progress(String keyspace, String shard) throws IOException {
        try {
            return Optional.of(ArchiveProgress.parse(read(ArchiveNames.progress(keyspace, shard))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * The time up to which every transaction of the shard is archived: the later of the idle mark and the last
     * segment's last event; empty when the shard has no archive.
     */
    public Optional<Instant> coveredThrough(String keyspace, String shard) throws IOException {
        Optional<Instant> fromSegments = latest(keyspace, shard).map(SegmentManifest::lastTime);
        Optional<Instant> fromProgress = progress(keyspace, shard).map(ArchiveProgress::coveredThroughTime);
        if (fromSegments.isEmpty()) {
            return fromProgress;
        }
        if (fromProgress.isEmpty()) {
            return fromSegments;
        }
        return Optional.of(fromSegments.get().isAfter(fromProgress.get()) ? fromSegments.get() : fromProgress.get());
    }

    /**
     * Deletes the segments no point-in-time restore can use any more: those whose transactions all lie within
     * {@code oldestKept}, the GTID position of the shard's oldest kept backup (a restore starts from a backup and
     * replays only what came after it; every kept backup is at or after that position). The newest segment always
     * stays: the archiver resumes from where it ends. A segment's manifest goes before its data, so a segment stops
     * existing before its data goes; data an interrupted segment left without a manifest below the last deleted
     * number goes too. Returns the deleted segments, oldest first.
     */
    public List<SegmentManifest> prune(String keyspace, String shard, GtidPosition oldestKept) throws IOException {
        List<SegmentManifest> all = segments(keyspace, shard);
        List<SegmentManifest> deleted = new ArrayList<>();
        for (int i = 0; i < all.size() - 1; i++) {
            SegmentManifest m = all.get(i);
            if (!oldestKept.contains(m.end())) {
                break; // this one and every later one hold transactions after the backup
            }
            location.delete(ArchiveNames.manifest(keyspace, shard, m.number()));
            location.delete(m.dataObject());
            deleted.add(m);
        }
        if (!deleted.isEmpty()) {
            long last = deleted.get(deleted.size() - 1).number();
            for (String name : location.list(ArchiveNames.prefix(keyspace, shard))) {
                OptionalLong n = ArchiveNames.segmentNumber(name);
                if (n.isPresent() && n.getAsLong() <= last && !location.exists(ArchiveNames.manifest(keyspace, shard, n.getAsLong()))) {
                    location.delete(name);
                }
            }
        }
        return List.copyOf(deleted);
    }

    private byte[] read(String name) throws IOException {
        try (InputStream in = location.open(name)) {
            byte[] b = in.readNBytes(SegmentManifest.MAX_BYTES + 1);
            return b;
        }
    }
}
