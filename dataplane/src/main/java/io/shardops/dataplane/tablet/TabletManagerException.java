package io.shardops.dataplane.tablet;

/** A tablet manager call that failed; the message names the tablet and what to look at. */
public final class TabletManagerException extends RuntimeException {
    public TabletManagerException(String message) {
        super(message);
    }

    public TabletManagerException(String message, Throwable cause) {
        super(message, cause);
    }
}
