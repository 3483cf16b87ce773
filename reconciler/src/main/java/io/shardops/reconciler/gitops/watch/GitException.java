package io.shardops.reconciler.gitops.watch;

/** A Git operation failed in a way a user can act on; the message says what and what to do. */
public final class GitException extends RuntimeException {
    public GitException(String message) {
        super(message);
    }

    public GitException(String message, Throwable cause) {
        super(message, cause);
    }
}
