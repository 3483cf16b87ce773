package io.shardops.dataplane.archive;

import io.shardops.dataplane.backup.BackupLocation;
import io.shardops.dataplane.backup.LocalDirectoryLocation;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/** Archive pruning in a local directory location. */
class LocalArchivePruneTest extends ArchivePruneContract {
    @TempDir
    Path dir;
    private final AtomicInteger n = new AtomicInteger();

    @Override
    protected BackupLocation location() {
        return new LocalDirectoryLocation(dir.resolve("loc" + n.incrementAndGet()));
    }
}
