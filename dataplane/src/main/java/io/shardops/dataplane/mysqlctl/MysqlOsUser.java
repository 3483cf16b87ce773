package io.shardops.dataplane.mysqlctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The operating-system user a tablet's mariadbd runs as. A server started by root would otherwise be
 * root, and {@code SELECT ... INTO DUMPFILE} would write root-owned files anywhere; so as root the
 * servers run as {@value #NAME}, a system user without a shell or home that is created once. A
 * non-root user runs them as itself.
 */
public final class MysqlOsUser {
    /** The system user created when shardops runs as root. */
    public static final String NAME = "shardops-mysql";
    private static final Object LOCK = new Object();

    private MysqlOsUser() {}

    /** True when this JVM runs as root (then mariadbd must be told which user to become). */
    public static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * The user to pass as {@code --user}: {@value #NAME}, created when missing, when running as root;
     * empty otherwise (the server runs as the current user).
     */
    public static Optional<String> forServer() {
        if (!runningAsRoot()) {
            return Optional.empty();
        }
        synchronized (LOCK) {
            if (!exists()) {
                create();
            }
        }
        return Optional.of(NAME);
    }

    private static boolean exists() {
        try {
            lookup().lookupPrincipalByName(NAME);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static UserPrincipalLookupService lookup() {
        return Path.of("/").getFileSystem().getUserPrincipalLookupService();
    }

    private static void create() {
        List<String> cmd = List.of("useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                "--shell", "/usr/sbin/nologin", "--comment", "shardops MariaDB servers", NAME);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new MysqldException("useradd " + NAME + " did not finish within 30 s");
            }
            // 9: the user exists (another process created it meanwhile)
            if (p.exitValue() != 0 && p.exitValue() != 9) {
                throw new MysqldException("cannot create the system user " + NAME + " for MariaDB (useradd exit " + p.exitValue()
                        + ": " + out + "); create it yourself: useradd --system --user-group --no-create-home --shell /usr/sbin/nologin " + NAME);
            }
        } catch (IOException e) {
            throw new MysqldException("cannot run useradd to create the system user " + NAME + ": " + e.getMessage()
                    + "; install the passwd package or create the user yourself", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MysqldException("interrupted while creating the system user " + NAME, e);
        }
    }

    /**
     * Gives {@code dir} and everything under it to {@code user}, mode 0700 for directories, so no other
     * local user can read the data or reach the socket; and lets {@code user} pass through the
     * directories above it (search permission only: names cannot be listed).
     */
    public static void handOver(Path dir, String user) throws IOException {
        UserPrincipal owner = lookup().lookupPrincipalByName(user);
        GroupPrincipal group = lookup().lookupPrincipalByGroupName(user);
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                own(d, owner, group);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                own(f, owner, group);
                return FileVisitResult.CONTINUE;
            }
        });
        Files.setPosixFilePermissions(dir, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                perms.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(p, perms);
            }
        }
    }

    private static void own(Path p, UserPrincipal owner, GroupPrincipal group) throws IOException {
        PosixFileAttributeView v = Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        v.setOwner(owner);
        v.setGroup(group);
    }
}
