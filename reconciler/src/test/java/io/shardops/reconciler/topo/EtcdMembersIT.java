package io.shardops.reconciler.topo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shardops.dataplane.process.FreePorts;
import io.shardops.reconciler.topo.etcd.LocalEtcd;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store given several etcd members uses those that answer; before, only the first endpoint was used. */
class EtcdMembersIT {
    @TempDir
    Path dir;

    @Test
    void aStoreOverSeveralEndpointsWorksWhenTheFirstMemberIsDown() throws Exception {
        int dead = FreePorts.one();
        try (LocalEtcd etcd = LocalEtcd.start(LocalEtcd.Config.in(dir));
             EtcdTopoStore store = EtcdTopoStore.connect("http://127.0.0.1:" + dead + "," + etcd.endpoint(), Optional.empty())) {
            store.update("/shardops/members-it/k", old -> Optional.of("v"));
            assertEquals("v", store.get("/shardops/members-it/k").orElseThrow().value());
        }
    }

    @Test
    void endpointsAreCheckedWhenGiven() {
        assertEquals(2, EtcdChannels.members("http://10.0.0.11:2379, 10.0.0.12:2379").size());
        assertThrows(IllegalArgumentException.class, () -> EtcdTopoStore.connect("http://10.0.0.11", Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> EtcdTopoStore.connect(" , ", Optional.empty()));
    }
}
