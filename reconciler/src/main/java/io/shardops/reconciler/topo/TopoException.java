package io.shardops.reconciler.topo;

/**
 * A topology store operation that failed in a way the caller may handle; the message is meant for
 * people (it names the key or the endpoint and what to do).
 */
public class TopoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** {@code create} found the key already there. */
        NODE_EXISTS,
        /** A compare-and-swap lost: the key changed since it was read. */
        BAD_VERSION,
        /** {@code update} lost the race to other writers too many times. */
        TOO_MANY_CONFLICTS,
        /** Someone else holds the lock. */
        LOCK_HELD,
        /** The store cannot be reached or did not answer in time. */
        UNAVAILABLE,
        /** A stored value is not what the reader expects. */
        BAD_VALUE,
        INTERRUPTED
    }

    private final Kind kind;

    public TopoException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public TopoException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
