package io.shardops.dataplane.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCatalogTest {
    @TempDir
    Path tmp;

    private static BackupManifest store(BackupCatalog catalog, String ks, String shard, Instant start) throws IOException {
        BackupManifest m = BackupManifestTest.manifest(ks, shard, start);
        catalog.location().write(m.dataObject(), "data".getBytes(StandardCharsets.UTF_8));
        catalog.writeManifest(m);
        return m;
    }

    @Test
    void aBackupWithoutItsManifestDoesNotExist() throws Exception {
        BackupCatalog catalog = new BackupCatalog(new LocalDirectoryLocation(tmp));
        Instant t = Instant.parse("2026-12-07T10:00:00Z");
        BackupManifest m = BackupManifestTest.manifest("ks", "0", t);
        catalog.location().write(m.dataObject(), new byte[] {1});
        assertEquals(List.of(), catalog.shard("ks", "0"));
        assertTrue(catalog.latest("ks", "0").isEmpty());
    }

    @Test
    void refusesAManifestWhoseDataIsMissing() {
        BackupCatalog catalog = new BackupCatalog(new LocalDirectoryLocation(tmp));
        BackupManifest m = BackupManifestTest.manifest("ks", "0", Instant.parse("2026-12-07T10:00:00Z"));
        assertThrows(IOException.class, () -> catalog.writeManifest(m));
    }

    @Test
    void findsLatestAndLatestBeforeATime() throws Exception {
        BackupCatalog catalog = new BackupCatalog(new LocalDirectoryLocation(tmp));
        Instant t = Instant.parse("2026-12-07T10:00:00Z");
        BackupManifest first = store(catalog, "ks", "-80", t);
        BackupManifest second = store(catalog, "ks", "-80", t.plusSeconds(3600));
        store(catalog, "ks", "80-", t.plusSeconds(7200));
        assertEquals(second, catalog.latest("ks", "-80").orElseThrow());
        assertEquals(first, catalog.latestBefore("ks", "-80", t.plusSeconds(1800)).orElseThrow());
        assertTrue(catalog.latestBefore("ks", "-80", t).isEmpty());
        assertEquals(3, catalog.keyspace("ks").backups().size());
    }

    @Test
    void pruneKeepsExactlyTheNewest() throws Exception {
        BackupCatalog catalog = new BackupCatalog(new LocalDirectoryLocation(tmp));
        Instant t = Instant.parse("2026-12-07T10:00:00Z");
        for (int i = 0; i < 5; i++) {
            store(catalog, "ks", "0", t.plusSeconds(60L * i));
        }
        // an interrupted backup between the 2nd and 3rd: data, no manifest
        BackupManifest orphan = BackupManifestTest.manifest("ks", "0", t.plusSeconds(90));
        catalog.location().write(orphan.dataObject(), new byte[] {1});
        List<BackupManifest> deleted = catalog.prune("ks", "0", 2);
        assertEquals(3, deleted.size());
        List<BackupManifest> left = catalog.shard("ks", "0");
        assertEquals(2, left.size());
        assertEquals(t.plusSeconds(240), left.get(1).startTime());
        assertFalse(catalog.location().exists(orphan.dataObject()));
        assertEquals(4, catalog.location().list("").size());
    }

    @Test
    void reportsAnUnreadableManifestWithoutHidingTheOthers() throws Exception {
        BackupCatalog catalog = new BackupCatalog(new LocalDirectoryLocation(tmp));
        store(catalog, "ks", "0", Instant.parse("2026-12-07T10:00:00Z"));
        catalog.location().write("ks/0/20261207T110000Z-zone1-0000000102/MANIFEST.json", "{oops".getBytes(StandardCharsets.UTF_8));
        BackupCatalog.Listing l = catalog.keyspace("ks");
        assertEquals(1, l.backups().size());
        assertEquals(1, l.problems().size());
        assertTrue(l.problems().get(0).contains("not JSON"), l.problems().get(0));
    }
}
