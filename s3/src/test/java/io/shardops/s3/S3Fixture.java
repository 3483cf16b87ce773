package io.shardops.s3;

import io.shardops.dataplane.backup.BackupLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real S3 server (S3Proxy on loopback) for a test class, registered as a static {@code @RegisterExtension}: started
 * before its tests, stopped and its files removed after. Each {@link #location} is a fresh prefix of the one bucket,
 * so every test starts from an empty location.
 */
final class S3Fixture implements BeforeAllCallback, AfterAllCallback {
    private final String bucket;
    private final String prefix;
    private final AtomicInteger locations = new AtomicInteger();
    private Path dir;
    private S3ProxyServer server;

    /** @param prefix the first letter of each location's prefix, to tell the classes' objects apart */
    S3Fixture(String bucket, String prefix) {
        this.bucket = bucket;
        this.prefix = prefix;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("shardops-s3");
        server = S3ProxyServer.start(dir.resolve("s3proxy"), bucket);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (server != null) {
            server.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    S3ProxyServer server() {
        return server;
    }

    /** A directory of the fixture's own, for files a test writes beside the server (a credentials file). */
    Path dir() {
        return dir;
    }

    /** A fresh, empty location: a prefix of its own in the bucket. */
    BackupLocation location() {
        return S3Location.open(new S3Url(server.bucket(), prefix + locations.incrementAndGet() + "/"), server.options());
    }
}
