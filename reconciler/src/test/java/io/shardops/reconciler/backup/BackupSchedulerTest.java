package io.shardops.reconciler.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.backup.BackupCatalog;
import io.shardops.dataplane.backup.BackupManifest;
import io.shardops.dataplane.backup.BackupNames;
import io.shardops.dataplane.backup.BackupRequest;
import io.shardops.dataplane.backup.LocalDirectoryLocation;
import io.shardops.dataplane.tablet.TabletManager;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.TopologyOf;
import io.shardops.spec.Cluster;
import io.shardops.spec.load.SpecLoader;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schedule of the applied policy decides when the scheduler backs a shard up, and status says when one is overdue. */
class BackupSchedulerTest {
    @TempDir
    Path dir;

    private static Path repo() {
        return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    }

    /** A tablet manager whose backup stores a small object and its manifest, as the real one would. */
    private static TabletManager fakeTablet(List<String> calls, Clock clock) {
        return (TabletManager) Proxy.newProxyInstance(TabletManager.class.getClassLoader(), new Class<?>[] {TabletManager.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("backup")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    BackupRequest r = (BackupRequest) args[0];
                    calls.add(r.keyspace() + "/" + r.shard());
                    BackupCatalog catalog = new BackupCatalog(new LocalDirectoryLocation(Path.of(r.location())));
                    Instant now = clock.instant();
                    String name = BackupNames.backupName(now, "zone1-0000000102");
                    String data = BackupNames.dataObject(r.keyspace(), r.shard(), name);
                    catalog.location().write(data, new byte[] {1, 2, 3});
                    BackupManifest m = new BackupManifest(name, r.keyspace(), r.shard(), r.keyRange(), "zone1-0000000102", "0-100-5",
                            now, now, data, 3, 3, "0".repeat(64), "fake", "xbstream", "gzip");
                    catalog.writeManifest(m);
                    return m;
                });
    }

    @Test
    void backsUpWhenDueAndNotBeforeAndStatusWarnsWhenOverdue() throws Exception {
        Cluster cluster = SpecLoader.load(repo().resolve("examples/phases/101_initial_cluster.yaml")).cluster().orElseThrow();
        Topology topology = TopologyOf.spec(cluster);
        Path location = dir.resolve("backups");
        AppliedBackupPolicy applied = new AppliedBackupPolicy(Map.of("commerce",
                new AppliedBackupPolicy.Entry(location.toString(), "", "", 3, "rdonly", "6h")));
        applied.write(dir);

        Instant t0 = Instant.parse("2026-12-07T10:00:00Z");
        Clock[] now = {Clock.fixed(t0, ZoneOffset.UTC)};
        Clock clock = new Clock() {
            public ZoneId getZone() { return ZoneOffset.UTC; }
            public Clock withZone(ZoneId z) { return this; }
            public Instant instant() { return now[0].instant(); }
        };
        List<String> calls = new ArrayList<>();
        List<String> log = new ArrayList<>();
        BackupScheduler scheduler = new BackupScheduler(dir, () -> topology, t -> fakeTablet(calls, clock), log::add, clock);

        assertEquals(1, scheduler.check(), "no backup yet: due at once");
        assertEquals(0, scheduler.check(), "taken a moment ago: not due");
        now[0] = Clock.fixed(t0.plus(Duration.ofHours(6)), ZoneOffset.UTC);
        assertEquals(1, scheduler.check(), "six hours later: due again");
        assertEquals(List.of("commerce/0", "commerce/0"), calls);

        AppliedBackupPolicy.Entry policy = applied.keyspace("commerce").orElseThrow();
        BackupStatus.Row fresh = BackupStatus.row(new BackupStatus.ShardPolicy("commerce", "0", policy), t0.plus(Duration.ofHours(7)));
        assertEquals(t0.plus(Duration.ofHours(12)).toString(), fresh.nextDue());
        assertEquals("", fresh.warning());
        BackupStatus.Row late = BackupStatus.row(new BackupStatus.ShardPolicy("commerce", "0", policy), t0.plus(Duration.ofHours(13)));
        assertTrue(late.warning().contains("allows 375 min"), late.warning());

        BackupStatus.Row none = BackupStatus.row(new BackupStatus.ShardPolicy("customer", "-80", policy), t0);
        assertTrue(none.warning().startsWith("no backup yet"), none.warning());
        assertTrue(Files.isDirectory(location.resolve("commerce/0")));
    }
}
