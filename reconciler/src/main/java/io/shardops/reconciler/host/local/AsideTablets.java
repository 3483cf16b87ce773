package io.shardops.reconciler.host.local;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The directories of replaced tablets, kept in {@code tablets-aside/<alias>.<yyyyMMddTHHmmssZ>/} with their data
 * as it was (a former primary's errant rows can be read from it), each with a {@code replaced-by} file naming the
 * tablet that took its place (docs/replace.md). Nothing here deletes them.
 */
final class AsideTablets {
    static final String REPLACED_BY = "replaced-by";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final StateDir dir;
    private final Clock clock;

    AsideTablets(StateDir dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    /** Moves the tablet's directory aside, noting its replacement first; returns where it went. */
    Path setAside(String alias, String replacement) throws IOException {
        Path from = dir.tabletDir(alias);
        Files.writeString(from.resolve(REPLACED_BY), replacement + "\n");
        Files.createDirectories(dir.tabletsAsideDir());
        Path to = dir.tabletsAsideDir().resolve(alias + "." + STAMP.format(clock.instant()));
        for (int n = 2; Files.exists(to); n++) {
            to = dir.tabletsAsideDir().resolve(alias + "." + STAMP.format(clock.instant()) + "-" + n);
        }
        return Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The tablet that replaced {@code alias}, when it was set aside (the latest time it was). */
    Optional<String> replacementOf(String alias) throws IOException {
        Optional<String> found = Optional.empty();
        for (Path p : all()) {
            if (p.getFileName().toString().startsWith(alias + ".") && Files.isRegularFile(p.resolve(REPLACED_BY))) {
                found = Optional.of(Files.readString(p.resolve(REPLACED_BY)).strip());
            }
        }
        return found;
    }

    /** The uids of the tablets set aside: never given again, as a uid is its MariaDB's server id. */
    List<Integer> uids() throws IOException {
        List<Integer> out = new ArrayList<>();
        for (Path p : all()) {
            String name = p.getFileName().toString();
            int dot = name.indexOf('.');
            int dash = name.lastIndexOf('-', dot < 0 ? name.length() : dot);
            try {
                out.add(Integer.parseInt(name.substring(dash + 1, dot < 0 ? name.length() : dot)));
            } catch (RuntimeException e) {
                // not a directory this class made
            }
        }
        return out;
    }

    private List<Path> all() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir.tabletsAsideDir())) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.tabletsAsideDir())) {
            ds.forEach(out::add);
        }
        out.sort(null);
        return out;
    }
}
