package io.shardops.dataplane.credentials;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.dataplane.secret.Secrets;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Every secret of one cluster, generated at {@code shardops up} and kept in one file of mode 0600 in a
 * directory of mode 0700 (locally {@code <state dir>/secrets/credentials.json}; on Kubernetes the same
 * values in a Secret). Who needs what:
 * <ul>
 *   <li>{@code mysql}: each tablet's MariaDB accounts; the tablets, the gateways (app account, through the
 *       tablets' query ports) and the reconciler's data moves (admin account);</li>
 *   <li>{@code controlToken}: the bearer token of the tablet manager and node HTTP APIs;</li>
 *   <li>{@code etcdPassword}: etcd's {@value #ETCD_USER} user, for everything that reads or writes the topology.</li>
 * </ul>
 *
 * @param version       the file format, {@value #VERSION}
 */
public record ClusterCredentials(int version, Mysql mysql, String controlToken, String etcdPassword) {
    public static final int VERSION = 1;
    /** etcd's user: the only one, with the root role (etcd refuses to enable auth without it). */
    public static final String ETCD_USER = "root";
    /** Environment variable naming a credentials file, for commands given {@code --etcd} instead of a state dir. */
    public static final String ENV = "SHARDOPS_CREDENTIALS";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    /** A credentials file is a few hundred bytes; refuse to read something else into memory. */
    private static final long MAX_BYTES = 64 * 1024;

    /** The MariaDB account passwords, as stored. */
    public record Mysql(String adminPassword, String appPassword) {}

    public ClusterCredentials {
        if (version != VERSION) {
            throw new IllegalArgumentException("credentials format " + version + " is not " + VERSION + "; this shardops is too old for them");
        }
        if (mysql == null) {
            throw new IllegalArgumentException("credentials have no mysql passwords");
        }
        Secrets.requireStrong("control token", controlToken);
        Secrets.requireStrong("etcd password", etcdPassword);
        new MysqlAccounts(mysql.adminPassword(), mysql.appPassword()); // checks the passwords
    }

    /** Fresh random credentials for a new cluster (or a rotation). */
    public static ClusterCredentials generate() {
        MysqlAccounts m = MysqlAccounts.generate();
        return new ClusterCredentials(VERSION, new Mysql(m.adminPassword(), m.appPassword()),
                Secrets.randomPassword(), Secrets.randomPassword());
    }

    @JsonIgnore
    public MysqlAccounts mysqlAccounts() {
        return new MysqlAccounts(mysql.adminPassword(), mysql.appPassword());
    }

    /** The file when it exists; refuses one that other users may read, as ssh does with a key. */
    public static Optional<ClusterCredentials> read(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file + " is not a regular file");
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_"))) {
            throw new IOException(file + " may be read by other users (mode " + PosixFilePermissions.toString(perms)
                    + "); chmod 600 " + file + " and rotate the credentials if others could have read them");
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException(file + " is over " + MAX_BYTES + " bytes: not a credentials file");
        }
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(file), ClusterCredentials.class));
        } catch (IOException | IllegalArgumentException e) {
            // never quote the content: it is the secret
            throw new IOException(file + " is not a valid shardops credentials file; restore it or rotate the credentials");
        }
    }

    /** Reads {@code file}, failing with a message that says how to get one when it is missing. */
    public static ClusterCredentials require(Path file) throws IOException {
        return read(file).orElseThrow(() -> new IOException("no credentials at " + file
                + "; they are written by shardops up (or pass --credentials FILE / " + ENV + ")"));
    }

    /** Writes {@code file} with mode 0600 (its directory 0700), replacing it atomically. */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, DIR_MODE);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(FILE_MODE));
        Files.write(tmp, JSON.writeValueAsBytes(this));
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public String toString() {
        return "ClusterCredentials[secrets hidden]";
    }
}
