package io.shardops.spec.files;

import io.shardops.spec.Problem;
import io.shardops.spec.SourceLocation;
import io.shardops.spec.text.Printable;
import io.shardops.spec.yaml.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The folder a spec may read from, and the only way the project opens a file on a spec's behalf.
 *
 * <p>A spec is input from whoever can open a pull request, so every path it names ({@code schema:
 * - file:}, {@code usersFile}, and the YAML files of a spec folder) must, after every symbolic link
 * is resolved, lie inside this root: the folder given to {@code validate}, {@code plan} or
 * {@code apply} (a file's own folder when a file is given), or the repository in {@code preview}
 * and {@code watch}. Absolute paths and paths that leave the root are refused without being opened,
 * only regular files are read (a FIFO would block, a device would never end), and the size bound is
 * checked before a byte is read. Problems name where the spec wrote the path and never quote what
 * lies outside the root.
 */
public final class SpecRoot {
    private static final Pattern WINDOWS_ABSOLUTE = Pattern.compile("^[A-Za-z]:.*|^\\\\.*");

    private final Path real;
    private final String display;

    private SpecRoot(Path real, String display) {
        this.real = real;
        this.display = display;
    }

    /**
     * The root at {@code folder}; {@code display} is how messages name it (the path as the user typed
     * it, or "the repository").
     */
    public static SpecRoot at(Path folder, String display) {
        Path p;
        try {
            p = folder.toRealPath();
        } catch (IOException e) {
            p = folder.toAbsolutePath().normalize();
        }
        return new SpecRoot(p, display);
    }

    /** The root a spec argument implies: a folder is its own root, a file's root is the folder holding it. */
    public static SpecRoot around(Path argument) {
        Path abs = argument.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            return at(abs, argument.toString());
        }
        Path parent = argument.getParent();
        return at(abs.getParent() == null ? abs : abs.getParent(), parent == null ? "." : parent.toString());
    }

    /** The root's real path (symbolic links resolved). */
    public Path path() {
        return real;
    }

    public String display() {
        return display;
    }

    /** Whether {@code path}, after resolving every symbolic link, lies inside the root. */
    public boolean contains(Path path) {
        try {
            return path.toRealPath().startsWith(real);
        } catch (IOException e) {
            return false;
        }
    }

    /** A file's text, or the problem that kept it from being read. */
    public record Content(String text, Path file, Problem problem) {
        static Content refused(Problem p) {
            return new Content(null, null, p);
        }

        public boolean ok() {
            return problem == null;
        }
    }

    /**
     * A spec file itself (a YAML file given or listed): read when it lies inside the root and is a
     * regular file of at most {@code maxBytes}.
     */
    public Content readSpecFile(Path file, String display, long maxBytes) {
        SourceLocation top = new SourceLocation(display, 1, 1);
        Path target;
        try {
            target = file.toRealPath();
        } catch (NoSuchFileException e) {
            return Content.refused(Problem.at(top, "file.missing", "no such file", "check the path"));
        } catch (IOException e) {
            return Content.refused(unreadable(top));
        }
        if (!target.startsWith(real)) {
            return Content.refused(Problem.at(top, "path.outside-root",
                    "a symbolic link that leads outside the spec's root (" + this.display + "); it was not read",
                    "a spec reads only files inside its own folder; copy the file in instead of linking to it"));
        }
        return readRegular(target, top, top, display, maxBytes);
    }

    /**
     * A file a spec names, as written at {@code writtenAt} in {@code namingFile}: relative to the folder
     * of {@code namingFile}, and inside the root after resolving symbolic links.
     *
     * @param field   what names it, for messages: {@code schema file}, {@code usersFile}
     * @param display how messages name the file when it is read (its path as the user sees it)
     */
    public Content readNamed(Path namingFile, String written, SourceLocation writtenAt, String field, String display, long maxBytes) {
        String shown = Printable.excerpt(written);
        if (written.isBlank() || written.indexOf('\0') >= 0) {
            return Content.refused(Problem.at(writtenAt, "path.invalid", field + " '" + shown + "' is not a usable path",
                    "write a path relative to the spec file's folder, e.g. sql/tables.sql"));
        }
        Path named;
        try {
            named = Path.of(written);
        } catch (InvalidPathException e) {
            return Content.refused(Problem.at(writtenAt, "path.invalid", field + " '" + shown + "' is not a usable path",
                    "write a path relative to the spec file's folder, e.g. sql/tables.sql"));
        }
        if (named.isAbsolute() || written.startsWith("/") || WINDOWS_ABSOLUTE.matcher(written).matches()) {
            return Content.refused(Problem.at(writtenAt, "path.absolute", field + " '" + shown
                    + "' is an absolute path; paths in a spec are relative to the spec file's folder and stay inside the spec's root ("
                    + this.display + ")", "put the file inside the spec's folder and name it relative to the spec file, e.g. sql/tables.sql"));
        }
        Path folder;
        try {
            folder = namingFile.toRealPath().getParent();
        } catch (IOException e) {
            return Content.refused(unreadable(writtenAt));
        }
        Path lexical = folder.resolve(named).normalize();
        if (!lexical.startsWith(real)) {
            return Content.refused(outside(writtenAt, field, shown, "leads outside"));
        }
        Path target;
        try {
            target = lexical.toRealPath();
        } catch (NoSuchFileException e) {
            return Content.refused(Problem.at(writtenAt, "path.missing", field + " '" + shown + "' does not exist",
                    "the path is relative to the folder of " + writtenAt.file()));
        } catch (IOException e) {
            return Content.refused(unreadable(writtenAt));
        }
        if (!target.startsWith(real)) {
            return Content.refused(outside(writtenAt, field, shown, "leads through a symbolic link outside"));
        }
        return readRegular(target, writtenAt, new SourceLocation(display, 1, 1), display, maxBytes);
    }

    private Problem outside(SourceLocation at, String field, String shown, String how) {
        return Problem.at(at, "path.outside-root", field + " '" + shown + "' " + how + " the spec's root (" + display + "); it was not read",
                "a spec reads only files inside its root; move the file into the spec's folder");
    }

    /** Reads {@code target} (a real path inside the root) when it is a regular file within the bound. */
    private Content readRegular(Path target, SourceLocation namedAt, SourceLocation fileTop, String display, long maxBytes) {
        BasicFileAttributes attrs;
        try {
            // after the real-path check, so no link is left to follow: a FIFO or device is refused unopened
            attrs = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return Content.refused(unreadable(namedAt));
        }
        if (!attrs.isRegularFile()) {
            return Content.refused(Problem.at(namedAt, "path.not-regular", (attrs.isDirectory() ? "a folder" : "not a regular file (a FIFO, socket or device)")
                    + " where a file was expected; it was not opened", "name a regular file inside the spec's folder"));
        }
        if (attrs.size() > maxBytes) {
            return Content.refused(Problem.at(fileTop, "file.too-large", "file is " + attrs.size() + " bytes; a spec file may have at most " + maxBytes + " bytes",
                    "split the spec into smaller files, or check that this is the file you meant"));
        }
        byte[] bytes;
        try (InputStream in = Channels.newInputStream(Files.newByteChannel(target, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException e) {
            return Content.refused(unreadable(namedAt));
        }
        if (bytes.length > maxBytes) {
            return Content.refused(Problem.at(fileTop, "file.too-large", "file has more than " + maxBytes + " bytes", "split the spec into smaller files"));
        }
        YamlReader.Text text = YamlReader.decode(bytes, display);
        return text.problem() != null ? Content.refused(text.problem()) : new Content(text.value(), target, null);
    }

    private static Problem unreadable(SourceLocation at) {
        // the exception's text may name host paths; the user needs only that it failed and where
        return Problem.at(at, "file.unreadable", "cannot read the file", "check that it exists and is readable");
    }

    /** The spec files of a folder: its {@code *.yaml} and {@code *.yml} entries (not subfolders), in name order. */
    public static List<Path> yamlEntries(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(folder)) {
            for (Path f : s) {
                String n = f.getFileName().toString();
                if (!(n.endsWith(".yaml") || n.endsWith(".yml"))) {
                    continue;
                }
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isDirectory()) {
                    continue;
                }
                // links and special files are kept: readSpecFile refuses them with a message rather than skipping silently
                files.add(f);
            }
        }
        files.sort(Comparator.comparing(f -> f.getFileName().toString()));
        return files;
    }
}
