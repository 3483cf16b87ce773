package io.shardops.dataplane.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A folder of {@link PidFile}s, one per child ({@code <name>.pid}), e.g. {@code .shardops/pids/}
 * of a local cluster. {@code shardops up} records children here; {@code shardops down} stops them.
 */
public final class PidDirectory {
    private static final String SUFFIX = ".pid";

    private final Path dir;

    public PidDirectory(Path dir) {
        this.dir = dir;
    }

    public Path path() {
        return dir;
    }

    /** Records {@code child}; a file of the same name is replaced. */
    public Path record(ChildProcess child) throws IOException {
        Path f = fileFor(child.name());
        child.pidFile().write(f);
        return f;
    }

    /** Forgets {@code name} (after stopping it yourself). */
    public void forget(String name) throws IOException {
        Files.deleteIfExists(fileFor(name));
    }

    public Path fileFor(String name) {
        if (name.contains("/") || name.isBlank()) {
            throw new IllegalArgumentException("a process name cannot be blank or contain '/', got '" + name + "'");
        }
        return dir.resolve(name + SUFFIX);
    }

    /** Every readable PID file, newest child first. Unreadable files are skipped (they are reported by {@link #stopAll}). */
    public List<PidFile> list() throws IOException {
        List<PidFile> out = new ArrayList<>();
        for (Path f : files()) {
            try {
                out.add(PidFile.read(f));
            } catch (IOException e) {
                // not ours or half-written: stopAll reports it
            }
        }
        out.sort(Comparator.comparing(PidFile::startInstant).reversed());
        return out;
    }

    /** One line of what {@link #stopAll} did. */
    public record Stopped(String name, long pid, PidFile.StopResult result) {}

    /**
     * Stops every recorded child, newest first, and removes the files of those that are gone.
     * A PID now used by another process is left alone and its file removed.
     */
    public List<Stopped> stopAll(Duration grace) throws IOException {
        List<Stopped> out = new ArrayList<>();
        for (PidFile pf : list()) {
            PidFile.StopResult r = pf.stop(grace);
            out.add(new Stopped(pf.name(), pf.pid(), r));
            if (r != PidFile.StopResult.STILL_RUNNING) {
                forget(pf.name());
            }
        }
        return out;
    }

    private List<Path> files() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            ds.forEach(out::add);
        }
        out.sort(null);
        return out;
    }
}
