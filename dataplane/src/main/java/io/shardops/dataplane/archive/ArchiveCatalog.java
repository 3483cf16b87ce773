package io.shardops.dataplane.archive;

import io.shardops.dataplane.backup.BackupLocation;
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

    private byte[] read(String name) throws IOException {
        try (InputStream in = location.open(name)) {
            byte[] b = in.readNBytes(SegmentManifest.MAX_BYTES + 1);
            return b;
        }
    }
}
