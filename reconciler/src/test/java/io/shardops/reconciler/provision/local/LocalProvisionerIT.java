package io.shardops.reconciler.provision.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.process.PidFile;
import io.shardops.reconciler.host.local.LocalCluster;
import io.shardops.reconciler.host.local.StateDir;
import io.shardops.reconciler.provision.ProvisionedObject;
import io.shardops.reconciler.provision.Provisioned;
import io.shardops.reconciler.provision.ProvisionedTablet;
import io.shardops.spec.TabletCounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provisioner contract on the local node, with real etcd and MariaDB: ensure is idempotent, fewer
 * tablets stop the surplus and keep their data, the same pool position gets the same alias back, only
 * removeShardVolumes deletes data, and down leaves no process.
 */
class LocalProvisionerIT {
    @TempDir
    Path tmp;

    private static List<String> aliases(Provisioned<List<ProvisionedTablet>> p) {
        return p.result().stream().map(ProvisionedTablet::alias).toList();
    }

    private static List<ProvisionedObject.Effect> effects(Provisioned<?> p) {
        return p.changes().stream().map(ProvisionedObject::effect).toList();
    }

    @Test
    void tabletsFollowTheCountsAndKeepTheirAliasesAndData() throws Exception {
        StateDir dir = new StateDir(tmp.resolve("state"));
        List<Long> pids = new ArrayList<>();
        try {
            LocalCluster cluster = LocalCluster.open(dir, "it");
            LocalProvisioner p = new LocalProvisioner(cluster);
            assertEquals(List.of(ProvisionedObject.Effect.CREATED), effects(p.ensureTopologyServer()));
            cluster.ensureNode();

            Provisioned<List<ProvisionedTablet>> first = p.ensureTablets("commerce", "0", "zone1", new TabletCounts(1, 1));
            assertEquals(List.of("zone1-0000000100", "zone1-0000000101"), aliases(first));
            assertEquals(List.of(ProvisionedObject.Effect.CREATED, ProvisionedObject.Effect.CREATED), effects(first));
            for (PidFile pf : dir.pids().list()) {
                pids.add(pf.pid());
            }

            assertTrue(p.ensureTablets("commerce", "0", "zone1", new TabletCounts(1, 1)).unchanged(), "same counts again change nothing");

            Provisioned<List<ProvisionedTablet>> fewer = p.ensureTablets("commerce", "0", "zone1", new TabletCounts(1, 0));
            assertEquals(List.of("zone1-0000000100"), aliases(fewer));
            assertTrue(Files.isDirectory(dir.tabletDir("zone1-0000000101").resolve("data")), "a surplus tablet keeps its data");

            Provisioned<List<ProvisionedTablet>> back = p.ensureTablets("commerce", "0", "zone1", new TabletCounts(1, 1));
            assertEquals(List.of("zone1-0000000100", "zone1-0000000101"), aliases(back), "the rdonly comes back under its alias");

            assertTrue(effects(p.removeTablets("commerce", "0", "zone1")).stream().allMatch(a -> a == ProvisionedObject.Effect.DELETED));
            assertTrue(Files.isDirectory(dir.tabletDir("zone1-0000000100").resolve("data")), "removeTablets keeps data");
            p.removeShardVolumes("commerce", "0", "zone1");
            assertFalse(Files.exists(dir.tabletDir("zone1-0000000100")), "removeShardVolumes deletes data");
        } finally {
            for (PidFile pf : dir.pids().list()) {
                pids.add(pf.pid());
            }
            LocalCluster.down(dir);
        }
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " outlived down");
        }
    }
}
