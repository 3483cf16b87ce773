package io.shardops.dataplane.archive;

import io.shardops.dataplane.backup.PendingObject;
import io.shardops.dataplane.replication.GtidPosition;
import java.io.IOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A segment being written: a binary log file (magic, the format description event, then whole transactions as
 * the primary sent them) going into a pending object, with what its manifest will say.
 */
final class Segment implements AutoCloseable {
    /** The first four bytes of every binary log file. */
    private static final byte[] MAGIC = {(byte) 0xfe, 'b', 'i', 'n'};

    final long number;
    final String dataObject;
    final GtidPosition start;
    final Instant openedAt;
    private final PendingObject object;
    private final DigestOutputStream out;
    private long bytes;
    long transactions;
    GtidPosition.Gtid firstGtid;
    GtidPosition.Gtid lastGtid;
    Instant firstEventTime;
    Instant lastEventTime;

    Segment(long number, String dataObject, PendingObject object, byte[] formatDescription, GtidPosition start,
            Instant openedAt) throws IOException {
        this.number = number;
        this.dataObject = dataObject;
        this.object = object;
        this.start = start;
        this.openedAt = openedAt;
        try {
            this.out = new DigestOutputStream(object, MessageDigest.getInstance("SHA-256"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        write(MAGIC);
        write(formatDescription);
    }

    void write(byte[] event) throws IOException {
        out.write(event);
        bytes += event.length;
    }

    boolean isEmpty() {
        return transactions == 0;
    }

    long bytes() {
        return bytes;
    }

    /** Commits the data object; returns its SHA-256. */
    String commit() throws IOException {
        out.flush();
        object.commit();
        return HexFormat.of().formatHex(out.getMessageDigest().digest());
    }

    @Override
    public void close() throws IOException {
        object.close();
    }
}
