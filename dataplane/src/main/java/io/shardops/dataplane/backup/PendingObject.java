package io.shardops.dataplane.backup;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An object being written to a {@link BackupLocation}: bytes go in through the {@link OutputStream} methods and
 * become visible under the object's name only on {@link #commit()}. {@link #close()} without a commit discards
 * what was written, so {@code try (PendingObject o = location.create(name)) { ...; o.commit(); }} leaves
 * nothing behind when anything in the block throws.
 */
public abstract class PendingObject extends OutputStream {

    /** Makes the object visible under its name, complete; afterwards the stream accepts no more bytes. */
    public abstract void commit() throws IOException;

    /** Discards the bytes unless {@link #commit()} succeeded; safe to call more than once. */
    @Override
    public abstract void close() throws IOException;
}
