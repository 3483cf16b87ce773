package io.shardops.dataplane.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A {@link BackupLocation} in a local directory: object {@code a/b/c} is the file {@code ROOT/a/b/c}. A pending
 * object is written to a dot-named temporary file beside its target, forced to disk and renamed atomically on
 * commit, so a reader never sees half an object. Directories are created owner-only ({@code rwx------}) and
 * files {@code rw-------}: backups hold every row of a shard.
 */
public final class LocalDirectoryLocation implements BackupLocation {
    private static final String TEMP_PREFIX = ".pending-";
    private final Path root;

    public LocalDirectoryLocation(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public String describe() {
        return root.toString();
    }

    /** The file of object {@code name}, checked to lie inside the root. */
    Path file(String name) {
        Path f = root.resolve(ObjectNames.check(name)).normalize();
        if (!f.startsWith(root) || f.equals(root)) {
            throw new IllegalArgumentException("backup object name '" + name + "' leaves the location " + root);
        }
        return f;
    }

    @Override
    public PendingObject create(String name) throws IOException {
        Path target = file(name);
        createPrivateDirectories(target.getParent());
        rejectSymlinkedParents(target);
        Path temp = target.resolveSibling(TEMP_PREFIX + UUID.randomUUID() + "-" + target.getFileName());
        OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's own permissions protect the file
        }
        return new Pending(target, temp, out);
    }

    @Override
    public InputStream open(String name) throws IOException {
        Path f = file(name);
        rejectSymlinkedParents(f);
        return Files.newInputStream(f);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        String p = ObjectNames.checkPrefix(prefix);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(f -> {
                String rel = root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/");
                if (!isTemporary(rel) && rel.startsWith(p)) {
                    names.add(rel);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        names.sort(null);
        return List.copyOf(names);
    }

    private static boolean isTemporary(String relativeName) {
        for (String segment : relativeName.split("/")) {
            if (segment.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void delete(String name) throws IOException {
        Path f = file(name);
        Files.deleteIfExists(f);
        // empty directories left by deleted backups are removed, up to (not including) the root
        for (Path dir = f.getParent(); dir != null && dir.startsWith(root) && !dir.equals(root); dir = dir.getParent()) {
            try {
                Files.delete(dir);
            } catch (FileSystemException e) {
                break; // not empty, or gone: either way stop climbing
            }
        }
    }

    @Override
    public boolean exists(String name) throws IOException {
        return Files.isRegularFile(file(name));
    }

    @Override
    public long size(String name) throws IOException {
        Path f = file(name);
        if (!Files.isRegularFile(f)) {
            throw new NoSuchFileException(name);
        }
        return Files.size(f);
    }

    private void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null && !parent.equals(dir)) {
            createPrivateDirectories(parent);
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            // made by a concurrent writer: fine
        }
    }

    /** A symlink inside the root could point a name outside it; objects are never written or read through one. */
    private void rejectSymlinkedParents(Path f) throws IOException {
        for (Path dir = f.getParent(); dir != null && dir.startsWith(root) && !dir.equals(root); dir = dir.getParent()) {
            if (Files.isSymbolicLink(dir)) {
                throw new IOException("backup location " + root + ": " + dir + " is a symbolic link; refusing to follow it");
            }
        }
        if (Files.isSymbolicLink(f)) {
            throw new IOException("backup location " + root + ": " + f + " is a symbolic link; refusing to follow it");
        }
    }

    private static final class Pending extends PendingObject {
        private final Path target;
        private final Path temp;
        private final OutputStream out;
        private boolean committed;
        private boolean closed;

        Pending(Path target, Path temp, OutputStream out) {
            this.target = target;
            this.temp = temp;
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            ensureOpen();
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ensureOpen();
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            ensureOpen();
            out.flush();
        }

        private void ensureOpen() throws IOException {
            if (closed || committed) {
                throw new IOException("backup object " + target.getFileName() + " is already "
                        + (committed ? "committed" : "closed"));
            }
        }

        @Override
        public void commit() throws IOException {
            ensureOpen();
            out.close();
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.deleteIfExists(temp);
                throw new IOException("backup location cannot rename atomically in " + target.getParent(), e);
            }
            committed = true;
            forceDirectory(target.getParent());
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            if (!committed) {
                try {
                    out.close();
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
        }

        /** The rename is durable only once the directory entry is on disk. */
        private static void forceDirectory(Path dir) {
            try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                ch.force(true);
            } catch (IOException e) {
                // some file systems refuse to open a directory; the rename itself already happened
            }
        }
    }
}
