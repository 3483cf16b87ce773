package io.shardops.reconciler.topo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.planner.topology.KeyspaceRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.topo.etcd.TestEtcd;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TopologyFollowerIT {
    private static TestEtcd etcd;
    private static EtcdTopoStore store;

    @BeforeAll
    static void startEtcd() throws Exception {
        etcd = TestEtcd.start("shardops-follower-it");
        store = etcd.store();
    }

    @AfterAll
    static void stopEtcd() {
        TestEtcd.stop(etcd);
    }

    @Test
    void aFollowerSeesTheCurrentTopologyThenEveryChangeInRevisionOrder() throws Exception {
        TopologyWriter w = new TopologyWriter(store, "follow");
        w.createKeyspace(KeyspaceRecord.servingItself("commerce"));
        List<Topology> seen = new CopyOnWriteArrayList<>();
        try (TopologyFollower f = TopologyFollower.start(store, "follow", seen::add, p -> { })) {
            assertEquals(1, seen.size(), "the current topology is delivered before start returns");
            assertTrue(seen.get(0).keyspace("commerce").isPresent());

            w.createKeyspace(KeyspaceRecord.servingItself("customer"));
            store.create("/shardops/other/global/keyspaces/x/Keyspace", "{\"name\":\"x\",\"servedFrom\":[]}");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (seen.get(seen.size() - 1).keyspace("customer").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Topology last = seen.get(seen.size() - 1);
            assertTrue(last.keyspace("customer").isPresent(), "the change reached the follower");
            assertTrue(last.keyspace("x").isEmpty(), "another cluster's records are not mixed in");
            for (int i = 1; i < seen.size(); i++) {
                assertTrue(seen.get(i).revision() > seen.get(i - 1).revision());
            }
        }
    }
}
