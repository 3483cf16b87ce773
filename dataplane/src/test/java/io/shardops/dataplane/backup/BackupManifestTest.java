package io.shardops.dataplane.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackupManifestTest {
    static BackupManifest manifest(String keyspace, String shard, Instant start) {
        String name = BackupNames.backupName(start, "zone1-0000000102");
        return new BackupManifest(name, keyspace, shard, shard.equals("0") ? "-" : shard, "zone1-0000000102",
                "0-101-42", start, start.plusSeconds(3), BackupNames.dataObject(keyspace, shard, name), 1234, 5678,
                "a".repeat(64), "mariadb-backup 10.11.19-MariaDB", "xbstream", "gzip");
    }

    @Test
    void roundTripsThroughJson() {
        BackupManifest m = manifest("commerce", "-80", Instant.parse("2026-12-07T17:01:02.345Z"));
        assertEquals(m, BackupManifest.parse(m.toJson()));
    }

    @Test
    void nameSortsByStartTime() {
        assertEquals("20261207T170102Z-zone1-0000000102",
                BackupNames.backupName(Instant.parse("2026-12-07T17:01:02.999Z"), "zone1-0000000102"));
        assertEquals("commerce/-80/20261207T170102Z-zone1-0000000102/MANIFEST.json",
                BackupNames.manifestObject("commerce", "-80", "20261207T170102Z-zone1-0000000102"));
    }

    @Test
    void rejectsWhatIsNotAManifest() {
        assertMessage("not JSON", "{");
        assertMessage("not a JSON object", "[1]");
        assertMessage("format version", "{\"formatVersion\": 99}");
        String good = new String(manifest("ks", "0", Instant.parse("2026-12-07T17:00:00Z")).toJson(), StandardCharsets.UTF_8);
        assertMessage("sha256", good.replace("\"" + "a".repeat(64) + "\"", "\"xyz\""));
        assertMessage("'sizeBytes' must be an integer", good.replace("\"sizeBytes\" : 1234", "\"sizeBytes\" : \"big\""));
        assertMessage("ISO 8601", good.replace("2026-12-07T17:00:00Z", "yesterday"));
        assertMessage("invalid segment", good.replace("ks/0/", "../0/"));
        assertMessage("larger than", " ".repeat(BackupManifest.MAX_BYTES + 1));
    }

    private static void assertMessage(String expected, String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BackupManifest.parse(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
