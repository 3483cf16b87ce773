package io.shardops.s3;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 server for tests: S3Proxy with its filesystem backend, a child process on 127.0.0.1 on a free port,
 * with fresh random credentials and one bucket; stopped by its PID. The jar comes from Maven Central through
 * the module's build ({@code target/s3proxy/s3proxy.jar}, or the {@code s3proxy.jar} system property).
 */
public final class S3ProxyServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final Path credentialsFile;
    private final String bucket;

    private S3ProxyServer(Process process, int port, Path credentialsFile, String bucket) {
        this.process = process;
        this.port = port;
        this.credentialsFile = credentialsFile;
        this.bucket = bucket;
    }

    public static Path jar() {
        String p = System.getProperty("s3proxy.jar");
        Path jar = p != null ? Path.of(p) : Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy is not at " + jar + ": build with mvn (process-test-resources copies it)");
        }
        return jar;
    }

    /** Starts S3Proxy storing under {@code dir} and creates bucket {@code bucket}. */
    public static S3ProxyServer start(Path dir, String bucket) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("data"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String identity = "shardops-test";
        String credential = UUID.randomUUID().toString();
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + identity,
                "s3proxy.credential=" + credential,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + dir.resolve("data").toAbsolutePath(),
                ""));
        Path credentials = dir.resolve("credentials");
        Files.writeString(credentials, "[default]\naws_access_key_id = " + identity + "\naws_secret_access_key = " + credential
                + "\nregion = us-east-1\nendpoint_url = http://127.0.0.1:" + port + "\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar().toString(), "--properties", properties.toString()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("s3proxy.log").toFile())
                .start();
        S3ProxyServer server = new S3ProxyServer(p, port, credentials, bucket);
        try {
            server.awaitReady(dir.resolve("s3proxy.log"));
            try (S3Location l = S3Location.open(new S3Url(bucket, ""), server.options())) {
                l.createBucket();
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitReady(Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("S3Proxy exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(endpoint().toString() + "/").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                c.getResponseCode(); // any answer (403 without credentials) means it listens
                c.disconnect();
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IOException("S3Proxy did not answer on port " + port + " within " + START_TIMEOUT);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public String bucket() {
        return bucket;
    }

    public Path credentialsFile() {
        return credentialsFile;
    }

    public long pid() {
        return process.pid();
    }

    public S3Options options() {
        return new S3Options(endpoint(), "us-east-1", true, credentialsFile);
    }

    @Override
    public void close() {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
