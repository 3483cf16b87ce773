package io.shardops.reconciler.topo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.planner.topology.ReconcilerRecord;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.topo.etcd.TestEtcd;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Writes whole topologies through {@link TopologyWriter} into a real etcd and reads them back. */
class EtcdTopologySourceIT {
    private static TestEtcd etcd;
    private static EtcdTopoStore store;

    @BeforeAll
    static void startEtcd() throws Exception {
        etcd = TestEtcd.start("shardops-topology-it");
        store = etcd.store();
    }

    @AfterAll
    static void stopEtcd() {
        TestEtcd.stop(etcd);
    }

    static void writeAll(TopologyWriter w, Topology t) {
        t.cells().forEach(w::createCell);
        t.keyspaces().values().forEach(w::createKeyspace);
        t.vschemas().forEach(w::putVSchema);
        t.shards().values().forEach(w::createShard);
        t.schemas().values().forEach(w::putShardSchema);
        t.tablets().values().forEach(w::putTablet);
        t.srvKeyspaces().values().forEach(w::putSrvKeyspace);
        t.workflows().values().forEach(w::putWorkflow);
    }

    @Test
    void anUnknownClusterReadsAsEmpty() {
        Topology t = new EtcdTopologySource(store).read("nobody");
        assertTrue(t.isEmpty());
        assertEquals("nobody", t.clusterName());
        assertTrue(t.revision() > 0);
    }

    @Test
    void theFinalJourneyRoundTripsThroughEtcd() {
        Topology desired = TopologyJsonTest.topologyOf("examples/final");
        TopologyWriter w = new TopologyWriter(store, "final");
        writeAll(w, desired);

        Topology live = new EtcdTopologySource(store).read("final");

        assertEquals(desired.keyspaces(), live.keyspaces());
        assertEquals(desired.shards(), live.shards());
        assertEquals(desired.tablets(), live.tablets());
        assertEquals(desired.srvKeyspaces(), live.srvKeyspaces());
        assertEquals(desired.vschemas(), live.vschemas());
        assertEquals(desired.schemas(), live.schemas());
        assertEquals(new HashSet<>(desired.cells()), new HashSet<>(live.cells()));
        int records = desired.cells().size() + desired.keyspaces().size() + desired.vschemas().size() + desired.shards().size()
                + desired.schemas().size() + desired.tablets().size() + desired.srvKeyspaces().size() + desired.workflows().size();
        assertEquals(records, live.modRevisions().size(), "one mod revision per record read");
        assertTrue(live.modRevisions().values().stream().allMatch(r -> r <= live.revision()));
    }

    @Test
    void writingTheSameTopologyAgainChangesNoRevision() {
        Topology desired = TopologyJsonTest.topologyOf("examples/phases/101_initial_cluster.yaml");
        TopologyWriter w = new TopologyWriter(store, "again");
        writeAll(w, desired);
        long before = store.revision();
        writeAll(w, desired); // a redone step: creates of equal records are accepted, nothing is written
        assertEquals(before, store.revision());
    }

    @Test
    void modRevisionsTrackEachKeyButNotTheReconcilersBookkeeping() {
        Topology desired = TopologyJsonTest.topologyOf("examples/phases/101_initial_cluster.yaml");
        TopologyWriter w = new TopologyWriter(store, "revs");
        writeAll(w, desired);
        EtcdTopologySource source = new EtcdTopologySource(store);
        Topology first = source.read("revs");

        w.updateReconciler(r -> new ReconcilerRecord("abc123", "h", null));
        store.create(w.keys().run("r1"), "{}");
        Topology second = source.read("revs");
        assertEquals(first.modRevisions(), second.modRevisions(), "reconciler keys must not make a plan stale");
        assertEquals("abc123", second.reconciler().appliedCommit());

        ShardRecord s = desired.shardsOf("commerce").get(0);
        w.updateShard("commerce", s.name(), x -> x.withPrimary("zone1-0000000999"));
        Topology third = source.read("revs");
        String shardKey = w.keys().shard("commerce", s.name());
        assertTrue(third.modRevisions().get(shardKey) > first.modRevisions().get(shardKey));
        assertEquals("zone1-0000000999", third.shard("commerce", s.name()).orElseThrow().primaryAlias());
        List<String> unchanged = first.modRevisions().keySet().stream()
                .filter(k -> !k.equals(shardKey) && !first.modRevisions().get(k).equals(third.modRevisions().get(k))).toList();
        assertEquals(List.of(), unchanged);
        assertFalse(w.deleteShard("commerce", s.name()) == 0);
    }
}
