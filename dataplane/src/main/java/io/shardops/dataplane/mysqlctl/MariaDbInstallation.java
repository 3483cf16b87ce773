package io.shardops.dataplane.mysqlctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the MariaDB binaries are and which version they are.
 *
 * @param mariadbd   the server binary
 * @param installDb  {@code mariadb-install-db}
 * @param version    the server version, e.g. {@code 10.11.19-MariaDB-0+deb12u1}
 */
public record MariaDbInstallation(Path mariadbd, Path installDb, String version) {
    private static final Pattern VERSION = Pattern.compile("Ver\\s+(\\S+)");
    private static volatile MariaDbInstallation detected;

    /**
     * The installation on this machine: {@code $SHARDOPS_MARIADBD} / {@code $SHARDOPS_MARIADB_INSTALL_DB}
     * when set, else the first found on PATH, /usr/sbin, /usr/bin, /usr/local/(s)bin.
     */
    public static MariaDbInstallation detect() {
        MariaDbInstallation d = detected;
        if (d == null) {
            Path server = find("SHARDOPS_MARIADBD", "mariadbd", "mysqld");
            Path installDb = find("SHARDOPS_MARIADB_INSTALL_DB", "mariadb-install-db", "mysql_install_db");
            d = new MariaDbInstallation(server, installDb, readVersion(server));
            detected = d;
        }
        return d;
    }

    /** The version with characters unsafe in a file name replaced. */
    public String versionForFileName() {
        return version.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** The first executable of {@code names} (or {@code $envVar} when set) on PATH, /usr/sbin, /usr/bin, /usr/local. */
    public static Path find(String envVar, String... names) {
        String override = System.getenv(envVar);
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            if (Files.isExecutable(p)) {
                return p;
            }
            throw new MysqldException(envVar + "=" + override + " is not an executable file; point it at the MariaDB binary or unset it");
        }
        String pathEnv = Optional.ofNullable(System.getenv("PATH")).orElse("");
        List<String> dirs = new ArrayList<>(List.of(pathEnv.split(":")));
        dirs.addAll(List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"));
        for (String name : names) {
            for (String dir : dirs) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        throw new MysqldException(names[0] + " not found on PATH or in /usr/sbin, /usr/bin; install MariaDB "
                + "(Debian: apt-get install -y mariadb-server) or set " + envVar);
    }

    private static String readVersion(Path server) {
        try {
            Process p = new ProcessBuilder(server.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            Matcher m = VERSION.matcher(out);
            if (!m.find()) {
                throw new MysqldException(server + " --version printed no version: " + out.strip());
            }
            return m.group(1);
        } catch (IOException e) {
            throw new MysqldException("cannot run " + server + " --version: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MysqldException("interrupted while reading the MariaDB version", e);
        }
    }
}
