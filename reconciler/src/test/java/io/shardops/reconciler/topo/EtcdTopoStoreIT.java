package io.shardops.reconciler.topo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.process.FreePorts;
import io.shardops.reconciler.topo.etcd.LocalEtcd;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    @Test
    void clustersAreListedOnceEachWithoutFetchingTheirValues() throws Exception {
        String big = "x".repeat(100_000);
        for (String cluster : List.of("listing-a", "listing-a.b", "listing-c")) {
            for (String key : List.of("keyspaces/commerce", "shards/commerce/0", "tablets/zone1-0000000100")) {
                store.create(TopologyKeys.ROOT + cluster + "/" + key, big);
            }
        }
        store.create(TopologyKeys.ROOT + "listing-loose", "a key of no cluster");
        try {
            long before = sentBytes();
            List<String> clusters = store.clusters();
            long sent = sentBytes() - before;
            assertEquals(List.of("listing-a", "listing-a.b", "listing-c"), clusters.stream().filter(c -> c.startsWith("listing-")).toList());
            assertTrue(sent < 20_000, "listing sent " + sent + " bytes, though the clusters hold 900 kB of values");
        } finally {
            store.deletePrefix(TopologyKeys.ROOT + "listing-");
        }
    }

    /** What etcd has sent its gRPC clients so far, from its own metrics. */
    private static long sentBytes() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(etcd.endpoint() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body().lines().filter(l -> l.startsWith("etcd_network_client_grpc_sent_bytes_total"))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
