package io.shardops.reconciler.restore;

/** A restore that cannot be done, with what to do instead; nothing was created when it is thrown before any step. */
public final class RestoreException extends RuntimeException {
    public RestoreException(String message) {
        super(message);
    }

    public RestoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
