package io.shardops.s3;

import io.shardops.dataplane.backup.PendingObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * An object being written to S3: small objects (manifests) go up in one PUT on commit; once more than a part's
 * worth has been written, a multipart upload carries it part by part and completes on commit. Until then
 * nothing is visible under the key.
 */
final class S3Upload extends PendingObject {
    /** S3's smallest part is 5 MiB; 8 MiB keeps the request count down for big backups. */
    static final int PART_BYTES = 8 << 20;

    private final S3Client client;
    private final String bucket;
    private final String key;
    private final String describe;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final List<CompletedPart> parts = new ArrayList<>();
    private String uploadId;
    private boolean committed;
    private boolean closed;

    S3Upload(S3Client client, String bucket, String key, String describe) {
        this.client = client;
        this.bucket = bucket;
        this.key = key;
        this.describe = describe;
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        buffer.write(b);
        if (buffer.size() >= PART_BYTES) {
            sendPart();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        while (len > 0) {
            int n = Math.min(len, PART_BYTES - buffer.size());
            buffer.write(b, off, n);
            off += n;
            len -= n;
            if (buffer.size() >= PART_BYTES) {
                sendPart();
            }
        }
    }

    private void ensureOpen() throws IOException {
        if (closed || committed) {
            throw new IOException("S3 object " + describe + " is already " + (committed ? "committed" : "closed"));
        }
    }

    private void sendPart() throws IOException {
        try {
            if (uploadId == null) {
                uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
            }
            int number = parts.size() + 1;
            String etag = client.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                    RequestBody.fromBytes(buffer.toByteArray())).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            buffer.reset();
        } catch (SdkException e) {
            throw S3Location.failure("write", describe, e);
        }
    }

    @Override
    public void commit() throws IOException {
        ensureOpen();
        try {
            if (uploadId == null) {
                client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(buffer.toByteArray()));
            } else {
                if (buffer.size() > 0) {
                    sendPart();
                }
                client.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts)));
            }
        } catch (SdkException e) {
            throw S3Location.failure("write", describe, e);
        }
        committed = true;
        buffer.reset();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        buffer.reset();
        if (!committed && uploadId != null) {
            try {
                client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException e) {
                throw S3Location.failure("abort the upload of", describe, e);
            }
        }
    }
}
