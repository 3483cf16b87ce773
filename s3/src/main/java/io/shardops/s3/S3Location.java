package io.shardops.s3;

import io.shardops.dataplane.backup.BackupLocation;
import io.shardops.dataplane.backup.ObjectNames;
import io.shardops.dataplane.backup.PendingObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link BackupLocation} in an S3 bucket: object {@code a/b} is key {@code PREFIX + "a/b"}. A pending object is
 * a multipart upload (parts sent as the bytes come, so a backup never sits whole in memory or on local disk)
 * that becomes visible only when completed on commit; closing without a commit aborts it, and a process that
 * dies leaves only an incomplete upload, which S3 never lists as an object.
 */
public final class S3Location implements BackupLocation, AutoCloseable {
    private final S3Client client;
    private final S3Url url;

    S3Location(S3Client client, S3Url url) {
        this.client = client;
        this.url = url;
    }

    /** A location reached with {@code options}; nothing is sent until it is used. */
    public static S3Location open(S3Url url, S3Options options) {
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder().build())
                .region(Region.of(options.region()))
                .credentialsProvider(credentials(options))
                .forcePathStyle(options.pathStyle())
                // only the checksums S3 requires: S3-compatible stores differ in the newer optional ones
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (options.endpoint() != null) {
            builder.endpointOverride(options.endpoint());
        }
        return new S3Location(builder.build(), url);
    }

    private static AwsCredentialsProvider credentials(S3Options options) {
        if (options.credentialsFile() == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        if (!Files.isReadable(options.credentialsFile())) {
            throw new IllegalArgumentException("S3 credentials file " + options.credentialsFile()
                    + " does not exist or cannot be read; write one in the AWS credentials format ([default],"
                    + " aws_access_key_id, aws_secret_access_key)");
        }
        ProfileFile file = ProfileFile.builder().content(options.credentialsFile()).type(ProfileFile.Type.CREDENTIALS).build();
        return ProfileCredentialsProvider.builder().profileFile(file).profileName("default").build();
    }

    public S3Url url() {
        return url;
    }

    @Override
    public String describe() {
        return url.toString();
    }

    String key(String name) {
        return url.prefix() + ObjectNames.check(name);
    }

    @Override
    public PendingObject create(String name) throws IOException {
        return new S3Upload(client, url.bucket(), key(name), describe() + name);
    }

    @Override
    public InputStream open(String name) throws IOException {
        try {
            return client.getObject(b -> b.bucket(url.bucket()).key(key(name)));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(describe() + name);
        } catch (SdkException e) {
            throw failure("read", name, e);
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        String p = url.prefix() + ObjectNames.checkPrefix(prefix);
        List<String> names = new ArrayList<>();
        try {
            for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(url.bucket()).prefix(p)).contents()) {
                String name = o.key().substring(url.prefix().length());
                if (!name.isEmpty() && isValid(name)) {
                    names.add(name);
                }
            }
        } catch (SdkException e) {
            throw failure("list", prefix, e);
        }
        names.sort(null);
        return List.copyOf(names);
    }

    private static boolean isValid(String name) {
        try {
            ObjectNames.check(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false; // something else's object in the bucket: not part of this location
        }
    }

    @Override
    public void delete(String name) throws IOException {
        try {
            client.deleteObject(b -> b.bucket(url.bucket()).key(key(name)));
        } catch (SdkException e) {
            throw failure("delete", name, e);
        }
    }

    @Override
    public boolean exists(String name) throws IOException {
        try {
            head(name);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public long size(String name) throws IOException {
        return head(name).contentLength();
    }

    private HeadObjectResponse head(String name) throws IOException {
        try {
            return client.headObject(b -> b.bucket(url.bucket()).key(key(name)));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(describe() + name);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new NoSuchFileException(describe() + name);
            }
            throw failure("read", name, e);
        } catch (SdkException e) {
            throw failure("read", name, e);
        }
    }

    /** The store's own message, and where: no stack trace reaches a user. */
    static IOException failure(String what, String name, SdkException e) {
        String detail = e instanceof S3Exception s3 && s3.awsErrorDetails() != null
                ? s3.awsErrorDetails().errorCode() + " (HTTP " + s3.statusCode() + "): " + s3.awsErrorDetails().errorMessage()
                : e.getMessage();
        return new IOException("cannot " + what + " " + name + " in S3: " + detail, e);
    }

    /** Creates the bucket; for set-up (and tests), shardops itself never creates buckets. */
    public void createBucket() throws IOException {
        try {
            client.createBucket(b -> b.bucket(url.bucket()));
        } catch (SdkException e) {
            throw failure("create bucket", url.bucket(), e);
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("closing the S3 client: " + e.getMessage(), e));
        }
    }
}
