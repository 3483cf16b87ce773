package io.shardops.s3;

import java.net.URI;
import java.nio.file.Path;

/**
 * How to reach the store.
 *
 * @param endpoint        the S3 API's address for a store other than AWS (MinIO, Ceph, S3Proxy); null for AWS
 * @param region          the bucket's region; any value for most S3-compatible stores
 * @param pathStyle       {@code http://host/bucket/key} addressing instead of {@code http://bucket.host/key}:
 *                        what S3-compatible stores expect
 * @param credentialsFile a file in the AWS credentials format ({@code [default]} with {@code aws_access_key_id}
 *                        and {@code aws_secret_access_key}); on Kubernetes the Secret named in the policy, mounted
 *                        as this file. Null: the SDK's default chain (environment, instance or pod role)
 */
public record S3Options(URI endpoint, String region, boolean pathStyle, Path credentialsFile) {
    public S3Options {
        region = region == null || region.isBlank() ? "us-east-1" : region;
    }
}
