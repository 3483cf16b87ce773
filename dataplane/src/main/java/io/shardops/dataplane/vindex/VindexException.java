package io.shardops.dataplane.vindex;

/** A value a vindex cannot map; the message says which and why. */
public final class VindexException extends RuntimeException {
    public VindexException(String message) {
        super(message);
    }
}
