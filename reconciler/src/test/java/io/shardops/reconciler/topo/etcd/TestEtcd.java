package io.shardops.reconciler.topo.etcd;

import io.shardops.reconciler.topo.EtcdTopoStore;
import java.nio.file.Files;

/** A real etcd and a topology store on it for one test class: start in {@code @BeforeAll}, {@link #stop} in {@code @AfterAll}. */
public final class TestEtcd {
    private final LocalEtcd etcd;
    private final EtcdTopoStore store;

    private TestEtcd(LocalEtcd etcd, EtcdTopoStore store) {
        this.etcd = etcd;
        this.store = store;
    }

    /** Starts etcd in a fresh temp dir named after {@code prefix} and connects a store to it. */
    public static TestEtcd start(String prefix) throws Exception {
        LocalEtcd etcd = LocalEtcd.start(LocalEtcd.Config.in(Files.createTempDirectory(prefix)));
        return new TestEtcd(etcd, EtcdTopoStore.connect(etcd.endpoint()));
    }

    public String endpoint() {
        return etcd.endpoint();
    }

    public EtcdTopoStore store() {
        return store;
    }

    /** Closes the store and stops etcd; nothing to do when {@code started} is null (its start failed). */
    public static void stop(TestEtcd started) {
        if (started != null) {
            started.store.close();
            started.etcd.stop();
        }
    }
}
