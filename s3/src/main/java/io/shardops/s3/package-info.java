/**
 * Backup locations in S3 or an S3-compatible store ({@link io.shardops.s3.S3Location}), with the AWS SDK for
 * Java v2 over the JDK's HTTP client. Credentials come from a file (AWS credentials format; on Kubernetes a
 * Secret mounted as that file), never from the spec.
 */
package io.shardops.s3;
