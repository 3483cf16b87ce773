package io.shardops.dataplane.archive;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.shardops.dataplane.replication.GtidPosition;
import java.io.IOException;
import java.time.Instant;

/**
 * One archived binlog segment, written after the segment object is committed (a segment without its manifest
 * does not exist). A segment holds whole transactions only: those after {@code startPosition} up to and
 * including {@code endPosition}.
 *
 * @param number         its place in the shard's archive, from 1
 * @param dataObject     the segment's object: a binary log file ({@code mariadb-binlog} reads it)
 * @param source         the tablet it was read from (alias and MySQL address), which was the shard's primary then
 * @param startPosition  the GTID position before its first transaction
 * @param endPosition    the GTID position after its last transaction; the next segment starts here
 * @param firstGtid      its first transaction's GTID
 * @param lastGtid       its last transaction's GTID
 * @param firstEventTime the binlog timestamp of its first transaction, ISO 8601 UTC (second precision, as MariaDB records it)
 * @param lastEventTime  the binlog timestamp of its last event, ISO 8601 UTC
 * @param transactions   how many transactions it holds
 * @param sizeBytes      the object's size
 * @param sha256         the object's SHA-256, lower-case hex
 */
public record SegmentManifest(int formatVersion, String keyspace, String shard, long number, String dataObject,
                              String source, String startPosition, String endPosition, String firstGtid,
                              String lastGtid, String firstEventTime, String lastEventTime, long transactions,
                              long sizeBytes, String sha256) {
    public static final int FORMAT_VERSION = 1;
    static final int MAX_BYTES = 64 * 1024;
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("a segment manifest always serialises", e);
        }
    }

    public static SegmentManifest parse(byte[] json) {
        if (json.length > MAX_BYTES) {
            throw new IllegalArgumentException("binlog segment manifest larger than " + MAX_BYTES + " bytes");
        }
        SegmentManifest m;
        try {
            m = JSON.readValue(json, SegmentManifest.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("binlog segment manifest is not valid JSON: " + e.getMessage(), e);
        }
        if (m.formatVersion() != FORMAT_VERSION) {
            throw new IllegalArgumentException("binlog segment manifest format " + m.formatVersion() + " is not "
                    + FORMAT_VERSION + ": written by a different shardops version");
        }
        return m;
    }

    public GtidPosition start() {
        return GtidPosition.parse(startPosition);
    }

    public Instant firstTime() {
        return Instant.parse(firstEventTime);
    }

    public Instant lastTime() {
        return Instant.parse(lastEventTime);
    }

    public GtidPosition end() {
        return GtidPosition.parse(endPosition);
    }
}
