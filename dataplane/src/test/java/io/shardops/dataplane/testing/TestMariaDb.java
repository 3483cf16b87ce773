package io.shardops.dataplane.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway MariaDB server for integration tests: a copy of a template datadir made once per
 * machine, started on a free 127.0.0.1 port, stopped by PID on {@link #close()}.
 */
public final class TestMariaDb implements AutoCloseable {
    private static final Path TEMPLATE = Path.of(System.getProperty("java.io.tmpdir"), "shardops-dataplane-it-template");
    private final Process process;
    private final Path dir;
    private final int port;

    private TestMariaDb(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    public static synchronized TestMariaDb start(String... databases) throws Exception {
        ensureTemplate();
        Path dir = Files.createTempDirectory("shardops-it-mariadb");
        Path data = dir.resolve("data");
        run(List.of("cp", "-a", TEMPLATE.toString(), data.toString()));
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of("/usr/sbin/mariadbd", "--no-defaults"));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add("--user=root");
        }
        cmd.addAll(List.of("--datadir=" + data, "--port=" + port, "--bind-address=127.0.0.1",
                "--socket=" + dir.resolve("mysql.sock"), "--server-id=1", "--innodb-buffer-pool-size=16M",
                "--performance-schema=OFF", "--skip-name-resolve", "--log-error=" + dir.resolve("mysqld.err")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("stdout").toFile()).start();
        TestMariaDb db = new TestMariaDb(p, dir, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(""), "root", ""); Statement s = c.createStatement()) {
                for (String d : databases) {
                    s.execute("create database if not exists " + d);
                }
                return db;
            } catch (SQLException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    db.close();
                    throw new IllegalStateException("mariadbd did not start: " + Files.readString(dir.resolve("mysqld.err")), e);
                }
                Thread.sleep(50);
            }
        }
    }

    private static void ensureTemplate() throws Exception {
        if (Files.isDirectory(TEMPLATE.resolve("mysql"))) {
            return;
        }
        Path tmp = Path.of(TEMPLATE + ".tmp" + ProcessHandle.current().pid());
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/mariadb-install-db", "--no-defaults", "--datadir=" + tmp,
                "--auth-root-authentication-method=normal", "--skip-test-db"));
        cmd.add("--user=" + System.getProperty("user.name"));
        run(cmd);
        try {
            Files.move(tmp, TEMPLATE);
        } catch (IOException e) {
            run(List.of("rm", "-rf", tmp.toString()));
        }
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("failed: " + cmd);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + database + "?useSSL=false&allowPublicKeyRetrieval=true";
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "root", "");
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        run(List.of("rm", "-rf", dir.toString()));
    }
}
