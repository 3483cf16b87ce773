package io.shardops.dataplane.backup;

import java.nio.file.Path;
import java.util.ServiceLoader;

/** Opens the {@link BackupLocation} a policy names: a local directory, or {@code s3://bucket/prefix}. */
public final class BackupLocations {
    private BackupLocations() {}

    /**
     * @param location        an absolute directory path, or {@code s3://bucket/prefix}
     * @param credentialsFile the location's credentials on this host; empty for none
     */
    public static BackupLocation open(String location, String credentialsFile) {
        for (BackupLocationProvider provider : ServiceLoader.load(BackupLocationProvider.class)) {
            if (provider.handles(location)) {
                try {
                    return provider.open(location, credentialsFile == null ? "" : credentialsFile);
                } catch (IllegalArgumentException e) {
                    throw new BackupException("backup location " + location + ": " + e.getMessage());
                }
            }
        }
        if (location.startsWith("s3://")) {
            throw new BackupException("backup location " + location + ": S3 locations are not available in this build");
        }
        Path dir = Path.of(location);
        if (!dir.isAbsolute()) {
            throw new BackupException("backup location " + location + " must be an absolute directory path or s3://bucket/prefix");
        }
        return new LocalDirectoryLocation(dir);
    }
}
