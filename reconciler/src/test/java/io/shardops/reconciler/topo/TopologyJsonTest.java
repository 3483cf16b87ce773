package io.shardops.reconciler.topo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.planner.topology.ReconcilerRecord;
import io.shardops.planner.topology.RunState;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.SourceShard;
import io.shardops.planner.topology.StreamRecord;
import io.shardops.planner.topology.TabletControl;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.TopologyOf;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.spec.Cluster;
import io.shardops.spec.TabletType;
import io.shardops.spec.key.KeyRange;
import io.shardops.spec.load.LoadResult;
import io.shardops.spec.load.SpecLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyJsonTest {
    static Path repo() {
        return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    }

    static Topology topologyOf(String spec) {
        LoadResult r = SpecLoader.load(repo().resolve(spec));
        Cluster c = r.cluster().orElseThrow(() -> new AssertionError(spec + " does not load: " + r.problems()));
        return TopologyOf.spec(c);
    }

    @Test
    void aShardIsStoredAsReadableCamelCaseJson() {
        ShardRecord s = new ShardRecord("customer", "-80", KeyRange.parse("-80").orElseThrow(), "zone1-0000000300", true,
                List.of(new TabletControl(TabletType.RDONLY, List.of("customer", "corder"))),
                List.of(new SourceShard(0, "customer", "0", KeyRange.parse("-80").orElseThrow(), List.of())));
        assertEquals("{\"keyspace\":\"customer\",\"name\":\"-80\",\"keyRange\":{\"start\":\"\",\"end\":\"80\"},"
                        + "\"primaryAlias\":\"zone1-0000000300\",\"primaryServing\":true,"
                        + "\"tabletControls\":[{\"tabletType\":\"rdonly\",\"deniedTables\":[\"customer\",\"corder\"]}],"
                        + "\"sourceShards\":[{\"uid\":0,\"keyspace\":\"customer\",\"shard\":\"0\",\"keyRange\":{\"start\":\"\",\"end\":\"80\"},\"tables\":[]}]}",
                TopologyJson.SHARD.encode(s));
        assertEquals(s, TopologyJson.SHARD.decode("k", TopologyJson.SHARD.encode(s)));
    }

    @Test
    void aShardKeepsItsDurabilityAndTerm() {
        ShardRecord s = new ShardRecord("customer", "-80", KeyRange.parse("-80").orElseThrow(), "zone1-0000000300", true, List.of(), List.of())
                .withDurability("semi-sync").withNewPrimary("zone1-0000000301");
        String json = TopologyJson.SHARD.encode(s);
        assertTrue(json.endsWith(",\"durability\":\"semi-sync\",\"term\":1}"), json);
        assertEquals(s, TopologyJson.SHARD.decode("k", json));
    }

    @Test
    void everyRecordOfTheFinalJourneyRoundTrips() {
        Topology t = topologyOf("examples/final");
        assertTrue(!t.shards().isEmpty() && !t.tablets().isEmpty() && !t.vschemas().isEmpty());
        t.keyspaces().values().forEach(k -> assertEquals(k, TopologyJson.KEYSPACE.decode("k", TopologyJson.KEYSPACE.encode(k))));
        t.shards().values().forEach(s -> assertEquals(s, TopologyJson.SHARD.decode("k", TopologyJson.SHARD.encode(s))));
        t.tablets().values().forEach(x -> assertEquals(x, TopologyJson.TABLET.decode("k", TopologyJson.TABLET.encode(x))));
        t.srvKeyspaces().values().forEach(x -> assertEquals(x, TopologyJson.SRV_KEYSPACE.decode("k", TopologyJson.SRV_KEYSPACE.encode(x))));
        t.vschemas().values().forEach(x -> assertEquals(x, TopologyJson.VSCHEMA.decode("k", TopologyJson.VSCHEMA.encode(x))));
        t.schemas().values().forEach(x -> assertEquals(x, TopologyJson.SHARD_SCHEMA.decode("k", TopologyJson.SHARD_SCHEMA.encode(x))));
        t.workflows().values().forEach(x -> assertEquals(x, TopologyJson.WORKFLOW.decode("k", TopologyJson.WORKFLOW.encode(x))));
        assertEquals(t.reconciler(), TopologyJson.RECONCILER.decode("k", TopologyJson.RECONCILER.encode(t.reconciler())));
    }

    @Test
    void aReconcilerStateWrittenBeforeRunStatesWereTypedReadsAndIsWrittenBackUnchanged() {
        String stored = "{\"appliedCommit\":\"c0ffee\",\"appliedSpecHash\":\"h\",\"run\":{\"planId\":\"run-1\",\"commit\":\"c0ffee\","
                + "\"stepsTotal\":4,\"stepsDone\":[1,2],\"state\":\"waiting-approval\",\"message\":\"m\",\"updatedAt\":\"2026-12-02T05:00:00Z\"}}";
        ReconcilerRecord r = TopologyJson.RECONCILER.decode("k", stored);
        assertEquals(RunState.WAITING_APPROVAL, r.run().state());
        assertEquals(stored, TopologyJson.RECONCILER.encode(r));
    }

    @Test
    void aWorkflowRecordWrittenBeforeStreamStatesWereTypedReadsAndIsWrittenBackUnchanged() {
        String stored = "{\"name\":\"reshard\",\"kind\":\"Reshard\",\"sourceKeyspace\":\"customer\",\"sourceShards\":[\"0\"],"
                + "\"targetKeyspace\":\"customer\",\"targetShards\":[\"-80\",\"80-\"],\"tables\":[\"customer\"],\"stage\":\"copying\","
                + "\"switchedTabletTypes\":[],\"streams\":["
                + "{\"sourceShard\":\"0\",\"targetShard\":\"-80\",\"position\":\"0-101-9\",\"rowsCopied\":12,\"state\":\"running (lag 3 s)\"},"
                + "{\"sourceShard\":\"0\",\"targetShard\":\"80-\",\"position\":\"\",\"rowsCopied\":0,\"state\":\"unreachable\"}]}";
        WorkflowRecord w = TopologyJson.WORKFLOW.decode("k", stored);
        assertEquals(StreamRecord.State.RUNNING, w.streams().get(0).state());
        assertEquals(3, w.streams().get(0).lagSeconds());
        assertEquals(StreamRecord.State.UNREACHABLE, w.streams().get(1).state());
        assertEquals(stored, TopologyJson.WORKFLOW.encode(w));
    }

    @Test
    void aValueThatIsNotTheRecordNamesTheKeyAndHowToLook() {
        TopoException e = assertThrows(TopoException.class, () -> TopologyJson.SHARD.decode("/shardops/demo/x/Shard", "{\"keyspace\":1"));
        assertEquals(TopoException.Kind.BAD_VALUE, e.kind());
        assertTrue(e.getMessage().startsWith("/shardops/demo/x/Shard does not hold a Shard record"), e.getMessage());
        assertTrue(e.getMessage().contains("etcdctl get /shardops/demo/x/Shard"), e.getMessage());
        TopoException missing = assertThrows(TopoException.class, () -> TopologyJson.TABLET.decode("t", "{\"alias\":\"a\"}"));
        assertTrue(missing.getMessage().contains("missing field 'cell'"), missing.getMessage());
    }
}
