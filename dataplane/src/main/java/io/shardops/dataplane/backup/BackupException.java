package io.shardops.dataplane.backup;

/** A backup or restore failed; the message says what and what to do. */
public final class BackupException extends RuntimeException {
    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
