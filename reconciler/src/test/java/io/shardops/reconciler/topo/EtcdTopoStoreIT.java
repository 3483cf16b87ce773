package io.shardops.reconciler.topo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.process.FreePorts;
import io.shardops.reconciler.etcd.LocalEtcd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The topology store contract against a real etcd started for this class. */
class EtcdTopoStoreIT extends TopoStoreContract {
    private static Path dir;
    private static LocalEtcd etcd;
    private static EtcdTopoStore store;

    @BeforeAll
    static void startEtcd() throws Exception {
        dir = Files.createTempDirectory("shardops-etcd-it");
        etcd = LocalEtcd.start(LocalEtcd.Config.in(dir));
        store = EtcdTopoStore.connect(etcd.endpoint());
    }

    @AfterAll
    static void stopEtcd() {
        if (store != null) {
            store.close();
        }
        if (etcd != null) {
            etcd.stop();
        }
    }

    @Override
    protected TopoStore store() {
        return store;
    }

    @Test
    void updateRetriesWhenAnotherWriterWinsTheRace() {
        store.create(root + "a", "0");
        AtomicInteger calls = new AtomicInteger();
        Versioned v = store.update(root + "a", old -> {
            if (calls.incrementAndGet() == 1) {
                store.update(root + "a", o -> Optional.of("sneaky")); // lands between our read and our write
            }
            return Optional.of(old.orElseThrow() + "!");
        }).orElseThrow();
        assertEquals(2, calls.get());
        assertEquals("sneaky!", v.value());
    }

    @Test
    void anUnreachableEtcdIsAnErrorNamingTheEndpoint() {
        String nowhere = "http://127.0.0.1:" + FreePorts.one();
        try (EtcdTopoStore s = EtcdTopoStore.connect(nowhere)) {
            TopoException e = assertThrows(TopoException.class, () -> s.get("/x"));
            assertEquals(TopoException.Kind.UNAVAILABLE, e.kind());
            assertTrue(e.getMessage().contains("on etcd at " + nowhere), e.getMessage());
        }
    }
}
