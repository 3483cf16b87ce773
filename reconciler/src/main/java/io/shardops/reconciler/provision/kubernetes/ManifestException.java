package io.shardops.reconciler.provision.kubernetes;

import io.shardops.spec.SourceLocation;

/** A spec that is valid but cannot be laid out on Kubernetes (a name too long, a character a label cannot hold), and where it says so. */
public final class ManifestException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient SourceLocation location;

    public ManifestException(SourceLocation location, String message) {
        super(message);
        this.location = location;
    }

    public SourceLocation location() {
        return location;
    }

    /** {@code FILE:LINE:COL: error: MESSAGE}, as spec problems are written. */
    public String render() {
        return location + ": error: " + getMessage();
    }
}
