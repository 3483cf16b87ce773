package io.shardops.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.backup.BackupLocation;
import io.shardops.dataplane.backup.BackupLocationContract;
import io.shardops.dataplane.backup.BackupLocations;
import io.shardops.dataplane.backup.PendingObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The backup location contract on a real S3 server (S3Proxy), plus what only S3 has: multipart uploads and credentials. */
class S3LocationIT extends BackupLocationContract {
    @RegisterExtension
    static final S3Fixture S3 = new S3Fixture("shardops-backups", "t");

    /** Each test gets a prefix of its own in the one bucket: a fresh, empty location. */
    @Override
    protected BackupLocation location() {
        return S3.location();
    }

    @Test
    void largeObjectGoesUpInPartsAndIsInvisibleUntilCommitted() throws Exception {
        BackupLocation loc = location();
        byte[] data = new byte[S3Upload.PART_BYTES * 2 + 12345];
        new Random(3).nextBytes(data);
        try (PendingObject out = loc.create("ks/0/b1/backup.xbstream.gz")) {
            out.write(data);
            assertFalse(loc.exists("ks/0/b1/backup.xbstream.gz"), "two parts sent, nothing visible yet");
            out.commit();
        }
        assertEquals(data.length, loc.size("ks/0/b1/backup.xbstream.gz"));
        try (InputStream in = loc.open("ks/0/b1/backup.xbstream.gz")) {
            assertArrayEquals(data, in.readAllBytes());
        }
        try (PendingObject out = loc.create("ks/0/b2/backup.xbstream.gz")) {
            out.write(data); // parts sent, then abandoned: aborted, nothing listed
        }
        assertEquals(List.of("ks/0/b1/backup.xbstream.gz"), loc.list("ks/"));
    }

    @Test
    void wrongCredentialsFailWithTheStoresMessage() throws Exception {
        Path bad = S3.dir().resolve("bad-credentials");
        Files.writeString(bad, "[default]\naws_access_key_id = shardops-test\naws_secret_access_key = not-the-secret\n");
        BackupLocation loc = S3Location.open(new S3Url(S3.server().bucket(), ""), new S3Options(S3.server().endpoint(), "us-east-1", true, bad));
        IOException e = assertThrows(IOException.class, () -> loc.list(""));
        assertTrue(e.getMessage().startsWith("cannot list  in S3: "), e.getMessage());
        assertTrue(e.getMessage().contains("403"), e.getMessage());
    }

    @Test
    void missingCredentialsFileIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> S3Location.open(
                new S3Url(S3.server().bucket(), ""), new S3Options(S3.server().endpoint(), null, true, S3.dir().resolve("no-such-file"))));
        assertTrue(e.getMessage().contains("AWS credentials format"), e.getMessage());
    }

    @Test
    void aPolicysS3LocationOpensThroughBackupLocations() throws Exception {
        BackupLocation loc = BackupLocations.open("s3://" + S3.server().bucket() + "/policy/prefix",
                S3.server().credentialsFile().toString());
        assertEquals("s3://" + S3.server().bucket() + "/policy/prefix/", loc.describe());
        loc.write("ks/0/x", "hello".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("ks/0/x"), loc.list(""));
    }

    @Test
    void urlsParseAndBadOnesSayWhy() {
        assertEquals(new S3Url("backups", "prod/shardops/"), S3Url.parse("s3://backups/prod/shardops"));
        assertEquals(new S3Url("backups", ""), S3Url.parse("s3://backups"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> S3Url.parse("s3://Bad_Bucket/x")).getMessage()
                .contains("not an S3 bucket name"));
    }
}
