package io.shardops.s3;

import io.shardops.dataplane.backup.BackupLocation;
import io.shardops.dataplane.backup.BackupLocationProvider;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * {@code s3://bucket/prefix} locations for {@link io.shardops.dataplane.backup.BackupLocations}. How to reach the
 * store comes with the credentials, in the same file (the AWS credentials format, profile {@code default}):
 * {@code aws_access_key_id}, {@code aws_secret_access_key}, and optionally {@code region} and
 * {@code endpoint_url} (an S3-compatible store; then addressed path-style, as those stores expect).
 */
public final class S3LocationProvider implements BackupLocationProvider {
    @Override
    public boolean handles(String location) {
        return S3Url.isS3(location);
    }

    @Override
    public BackupLocation open(String location, String credentialsFile) {
        S3Url url = S3Url.parse(location);
        if (credentialsFile == null || credentialsFile.isBlank()) {
            return S3Location.open(url, new S3Options(null, System.getenv("AWS_REGION"), false, null));
        }
        Path file = Path.of(credentialsFile);
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("S3 credentials file " + file + " does not exist or cannot be read");
        }
        Optional<Profile> profile = ProfileFile.builder().content(file).type(ProfileFile.Type.CREDENTIALS).build().profile("default");
        if (profile.isEmpty()) {
            throw new IllegalArgumentException("S3 credentials file " + file + " has no [default] profile");
        }
        Optional<String> endpoint = profile.get().property("endpoint_url");
        URI uri = null;
        if (endpoint.isPresent()) {
            try {
                uri = URI.create(endpoint.get().strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("S3 credentials file " + file + ": endpoint_url '" + endpoint.get() + "' is not a URL");
            }
        }
        return S3Location.open(url, new S3Options(uri, profile.get().property("region").orElse(null), uri != null, file));
    }
}
