package io.shardops.dataplane.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.List;

/**
 * Where backups are stored: a flat space of objects named by {@code /}-separated paths
 * ({@link ObjectNames} says which names are valid). Every implementation passes the same contract test
 * ({@code BackupLocationContract}).
 *
 * <p>An object becomes visible only when it is complete: a writer that fails, is aborted or whose process
 * dies leaves nothing under the name ({@link #create} then {@link PendingObject#commit}).
 */
public interface BackupLocation {

    /** How the location is shown to a user, e.g. {@code /var/backups/shardops} or {@code s3://bucket/prefix}. */
    String describe();

    /**
     * Starts writing object {@code name}; the bytes become visible under {@code name} only on
     * {@link PendingObject#commit}, replacing an object of the same name. Closing without committing discards them.
     */
    PendingObject create(String name) throws IOException;

    /** Writes {@code name} from {@code data} to its end and commits it; returns the number of bytes written. */
    default long write(String name, InputStream data) throws IOException {
        try (PendingObject out = create(name)) {
            long n = data.transferTo(out);
            out.commit();
            return n;
        }
    }

    /** Writes {@code name} with the given bytes and commits it. */
    default void write(String name, byte[] bytes) throws IOException {
        try (PendingObject out = create(name)) {
            out.write(bytes);
            out.commit();
        }
    }

    /** Opens a committed object for reading; {@link NoSuchFileException} when there is none. */
    InputStream open(String name) throws IOException;

    /** The names of committed objects starting with {@code prefix} (a plain string prefix), sorted. */
    List<String> list(String prefix) throws IOException;

    /** Deletes {@code name}; nothing happens when it does not exist. */
    void delete(String name) throws IOException;

    /** Whether a committed object {@code name} exists. */
    boolean exists(String name) throws IOException;

    /** The size in bytes of a committed object; {@link NoSuchFileException} when there is none. */
    long size(String name) throws IOException;
}
