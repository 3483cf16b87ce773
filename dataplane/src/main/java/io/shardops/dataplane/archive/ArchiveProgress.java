package io.shardops.dataplane.archive;

import java.io.IOException;
import java.time.Instant;

/**
 * How far an archive is known to reach while its shard is idle: at {@code coveredThrough} the follower had every
 * transaction of the primary archived (up to {@code endPosition}) and nothing pending. Segments alone cannot say
 * this: a quiet hour after the last write leaves no segment, but a restore to the middle of it is fine.
 */
public record ArchiveProgress(String keyspace, String shard, String endPosition, String coveredThrough, String source) {

    public Instant coveredThroughTime() {
        return Instant.parse(coveredThrough);
    }

    public byte[] toJson() {
        try {
            return SegmentManifest.JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("archive progress always serialises", e);
        }
    }

    public static ArchiveProgress parse(byte[] json) {
        if (json.length > SegmentManifest.MAX_BYTES) {
            throw new IllegalArgumentException("archive progress larger than " + SegmentManifest.MAX_BYTES + " bytes");
        }
        try {
            return SegmentManifest.JSON.readValue(json, ArchiveProgress.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("archive progress is not valid JSON: " + e.getMessage(), e);
        }
    }
}
