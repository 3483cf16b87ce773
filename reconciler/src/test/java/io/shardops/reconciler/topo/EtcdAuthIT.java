package io.shardops.reconciler.topo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.reconciler.topo.etcd.LocalEtcd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * etcd with the cluster's authentication on, as {@code shardops up} leaves it: anonymous clients and wrong
 * passwords get nothing (on the release before, anyone on 127.0.0.1 could write shard records and
 * approvals), the cluster's credentials read and write, and a client keeps working when etcd restarts and
 * forgets every token.
 */
class EtcdAuthIT {
    private static final String KEY = "/shardops/auth-it/approvals/run-1";

    /** The channel may still be backing off from the restart for a moment: bounded, 20 s. */
    private static Versioned afterReconnect(EtcdTopoStore store) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try {
                return store.get(KEY).orElseThrow();
            } catch (TopoException e) {
                if (System.nanoTime() > deadline || e.getMessage().contains("refused")) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    @Test
    void onlyTheClusterCredentialsReadOrWriteAndATokenLostInARestartIsRenewed() throws Exception {
        Path dir = Files.createTempDirectory("shardops-etcd-auth-it");
        EtcdCredentials credentials = EtcdCredentials.of(ClusterCredentials.generate());
        LocalEtcd etcd = LocalEtcd.start(LocalEtcd.Config.in(dir));
        try {
            assertEquals(EtcdAuthSetup.Result.ENABLED, EtcdAuthSetup.ensure(etcd.endpoint(), credentials));
            assertEquals(EtcdAuthSetup.Result.ALREADY_ENABLED, EtcdAuthSetup.ensure(etcd.endpoint(), credentials), "idempotent");

            try (EtcdTopoStore anonymous = EtcdTopoStore.connect(etcd.endpoint());
                 EtcdTopoStore wrong = EtcdTopoStore.connect(etcd.endpoint(),
                         Optional.of(new EtcdCredentials("root", "WrongWrongWrongWrongWrong0123456")))) {
                TopoException refused = assertThrows(TopoException.class, () -> anonymous.create(KEY, "{\"approved\":true}"));
                assertTrue(refused.getMessage().contains("credentials"), refused.getMessage());
                assertThrows(TopoException.class, () -> anonymous.get(KEY));
                assertThrows(TopoException.class, () -> wrong.create(KEY, "{\"approved\":true}"));
                assertThrows(TopoException.class, () -> wrong.list("/"));
            }
            int client = etcd.clientPort();
            int peer = etcd.peerPort();
            try (EtcdTopoStore store = EtcdTopoStore.connect(etcd.endpoint(), Optional.of(credentials))) {
                store.create(KEY, "{\"approved\":false}");
                assertEquals("{\"approved\":false}", store.get(KEY).orElseThrow().value());

                // a restarted etcd knows no token: the store authenticates again on its own
                etcd.stop();
                etcd = LocalEtcd.start(LocalEtcd.Config.in(dir).withPorts(client, peer));
                assertEquals("{\"approved\":false}", afterReconnect(store).value());
                assertTrue(store.list("/shardops/auth-it/").entries().size() == 1);
            }
        } finally {
            etcd.stop();
        }
    }
}
