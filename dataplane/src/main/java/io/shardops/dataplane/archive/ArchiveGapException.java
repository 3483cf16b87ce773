package io.shardops.dataplane.archive;

/** The archive cannot bring a restore to the time asked: a segment is missing, or the archive does not reach it yet. */
public final class ArchiveGapException extends Exception {
    public ArchiveGapException(String message) {
        super(message);
    }
}
