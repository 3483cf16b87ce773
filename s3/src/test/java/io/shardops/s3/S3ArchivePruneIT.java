package io.shardops.s3;

import io.shardops.dataplane.archive.ArchivePruneContract;
import io.shardops.dataplane.backup.BackupLocation;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Archive pruning in S3 (S3Proxy, a real S3 server on loopback). */
class S3ArchivePruneIT extends ArchivePruneContract {
    @TempDir
    static Path dir;
    static S3ProxyServer s3;
    static final AtomicInteger LOCATIONS = new AtomicInteger();

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyServer.start(dir.resolve("s3proxy"), "shardops-archive");
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    @Override
    protected BackupLocation location() {
        return S3Location.open(new S3Url(s3.bucket(), "a" + LOCATIONS.incrementAndGet() + "/"), s3.options());
    }
}
