package io.shardops.s3;

import io.shardops.dataplane.archive.ArchivePruneContract;
import io.shardops.dataplane.backup.BackupLocation;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Archive pruning in S3 (S3Proxy, a real S3 server on loopback). */
class S3ArchivePruneIT extends ArchivePruneContract {
    @RegisterExtension
    static final S3Fixture S3 = new S3Fixture("shardops-archive", "a");

    @Override
    protected BackupLocation location() {
        return S3.location();
    }
}
