package io.shardops.dataplane.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.backup.BackupLocation;
import io.shardops.dataplane.replication.GtidPosition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pruning a shard's binlog archive with its backups, on every kind of location (each implementation's test extends
 * this class): the segments wholly within the oldest kept backup go, every segment a restore from a kept backup
 * replays stays, and the newest segment always stays (the archiver resumes from it).
 */
public abstract class ArchivePruneContract {

    /** A new, empty location for one test. */
    protected abstract BackupLocation location() throws Exception;

    /** Segment {@code n} holds transactions {@code 0-100-(10n-9)} to {@code 0-100-10n}, a minute each, from 12:00. */
    static SegmentManifest segment(BackupLocation loc, String keyspace, String shard, int n) throws Exception {
        String data = ArchiveNames.segment(keyspace, shard, n);
        loc.write(data, new byte[] {(byte) 0xfe, 'b', 'i', 'n', (byte) n});
        Instant first = Instant.parse("2026-12-07T12:00:00Z").plusSeconds(60L * n);
        SegmentManifest m = new SegmentManifest(SegmentManifest.FORMAT_VERSION, keyspace, shard, n, data, "zone1-0000000100",
                n == 1 ? "" : "0-100-" + (10 * (n - 1)), "0-100-" + (10 * n), "0-100-" + (10 * n - 9), "0-100-" + (10 * n),
                first.toString(), first.plusSeconds(30).toString(), 10, 5, "0".repeat(64));
        loc.write(ArchiveNames.manifest(keyspace, shard, n), m.toJson());
        return m;
    }

    private static List<Long> numbers(List<SegmentManifest> segments) {
        return segments.stream().map(SegmentManifest::number).toList();
    }

    @Test
    void segmentsWhollyWithinTheOldestKeptBackupGoTheRestStay() throws Exception {
        BackupLocation loc = location();
        for (int n = 1; n <= 5; n++) {
            segment(loc, "commerce", "0", n);
        }
        segment(loc, "customer", "-80", 1);
        ArchiveCatalog catalog = new ArchiveCatalog(loc);

        // the oldest kept backup is at 0-100-25: segment 3 (21..30) holds transactions after it
        List<SegmentManifest> deleted = catalog.prune("commerce", "0", GtidPosition.parse("0-100-25"));
        assertEquals(List.of(1L, 2L), numbers(deleted));
        assertEquals(List.of(3L, 4L, 5L), numbers(catalog.segments("commerce", "0")));
        assertFalse(loc.exists(ArchiveNames.segment("commerce", "0", 1)), "the data goes with the manifest");
        assertTrue(loc.exists(ArchiveNames.segment("commerce", "0", 3)));
        assertEquals(List.of(1L), numbers(catalog.segments("customer", "-80")), "other shards are untouched");

        // a restore from that backup still finds every transaction after it, without a gap
        List<SegmentManifest> replay = new BinlogReplay(loc).plan("commerce", "0", GtidPosition.parse("0-100-25"),
                Instant.parse("2026-12-07T12:05:10Z"));
        assertEquals(List.of(3L, 4L, 5L), numbers(replay));
    }

    @Test
    void aSegmentEndingExactlyAtTheBackupGoesAndPruningTwiceChangesNothing() throws Exception {
        BackupLocation loc = location();
        for (int n = 1; n <= 3; n++) {
            segment(loc, "commerce", "0", n);
        }
        ArchiveCatalog catalog = new ArchiveCatalog(loc);
        assertEquals(List.of(1L, 2L), numbers(catalog.prune("commerce", "0", GtidPosition.parse("0-100-20"))));
        assertEquals(List.of(), catalog.prune("commerce", "0", GtidPosition.parse("0-100-20")));
        assertEquals(List.of(3L), numbers(catalog.segments("commerce", "0")));
    }

    @Test
    void theNewestSegmentStaysEvenWhenTheBackupHasItAll() throws Exception {
        BackupLocation loc = location();
        for (int n = 1; n <= 3; n++) {
            segment(loc, "commerce", "0", n);
        }
        ArchiveCatalog catalog = new ArchiveCatalog(loc);
        assertEquals(List.of(1L, 2L), numbers(catalog.prune("commerce", "0", GtidPosition.parse("0-100-99"))));
        assertEquals(List.of(3L), numbers(catalog.segments("commerce", "0")), "the archiver resumes from the newest segment's end");
    }

    @Test
    void aBackupWithoutPositionOrOlderThanTheArchiveDeletesNothing() throws Exception {
        BackupLocation loc = location();
        for (int n = 1; n <= 3; n++) {
            segment(loc, "commerce", "0", n);
        }
        ArchiveCatalog catalog = new ArchiveCatalog(loc);
        assertEquals(List.of(), catalog.prune("commerce", "0", GtidPosition.EMPTY));
        assertEquals(List.of(), catalog.prune("commerce", "0", GtidPosition.parse("0-100-5")));
        assertEquals(List.of(1L, 2L, 3L), numbers(catalog.segments("commerce", "0")));
    }

    @Test
    void dataAnInterruptedSegmentLeftWithoutManifestGoesWithTheOlderSegments() throws Exception {
        BackupLocation loc = location();
        segment(loc, "commerce", "0", 1);
        loc.write(ArchiveNames.segment("commerce", "0", 2), new byte[] {1}); // its manifest was never written
        segment(loc, "commerce", "0", 3);
        segment(loc, "commerce", "0", 4);
        new ArchiveCatalog(loc).prune("commerce", "0", GtidPosition.parse("0-100-30"));
        assertFalse(loc.exists(ArchiveNames.segment("commerce", "0", 2)));
        assertEquals(List.of(ArchiveNames.segment("commerce", "0", 4), ArchiveNames.manifest("commerce", "0", 4)),
                loc.list(ArchiveNames.prefix("commerce", "0")));
    }
}
