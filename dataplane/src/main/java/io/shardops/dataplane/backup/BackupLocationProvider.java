package io.shardops.dataplane.backup;

/**
 * A kind of {@link BackupLocation} that lives in another module (S3, in module {@code s3}), found through
 * {@link java.util.ServiceLoader}: the data plane does not depend on an object store's SDK.
 */
public interface BackupLocationProvider {
    /** Whether {@code location} (as a policy writes it, e.g. {@code s3://bucket/prefix}) is this provider's. */
    boolean handles(String location);

    /**
     * Opens the location; {@link IllegalArgumentException} saying what to fix when it or its credentials are unusable.
     *
     * @param credentialsFile the credentials file on this host; empty for the store client's own environment
     */
    BackupLocation open(String location, String credentialsFile);
}
