package io.shardops.reconciler.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shardops.dataplane.gateway.ShardRef;
import io.shardops.dataplane.gateway.TabletEndpoint;
import io.shardops.planner.topology.KeyspaceRecord;
import io.shardops.planner.topology.ReconcilerRecord;
import io.shardops.planner.topology.ServedFrom;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.SrvKeyspace;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.TabletState;
import io.shardops.planner.topology.Topology;
import io.shardops.spec.TabletType;
import io.shardops.spec.key.KeyRange;
import io.shardops.spec.vschema.VSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TopologyRoutingTest {

    private static TabletRecord tablet(int uid, String ks, String shard, TabletType type, TabletState state) {
        return new TabletRecord(TabletRecord.alias("zone1", uid), "zone1", uid, ks, shard, type, "127.0.0.1", 20000 + uid, 0, 30000 + uid, state);
    }

    private static ShardRecord shard(String ks, String name, String primary) {
        return new ShardRecord(ks, name, KeyRange.parse(name).orElseThrow(), primary, true, List.of(), List.of());
    }

    /** customer moving out of commerce: rdonly already switched, replica and primary still served from commerce. */
    private static Topology journeyAt203() {
        Map<String, KeyspaceRecord> keyspaces = new LinkedHashMap<>();
        keyspaces.put("commerce", KeyspaceRecord.servingItself("commerce"));
        keyspaces.put("customer", new KeyspaceRecord("customer", List.of(new ServedFrom(TabletType.REPLICA, "commerce"),
                new ServedFrom(TabletType.PRIMARY, "commerce"))));
        Map<String, ShardRecord> shards = new LinkedHashMap<>();
        shards.put("commerce/0", shard("commerce", "0", "zone1-0000000100"));
        shards.put("customer/-80", shard("customer", "-80", "zone1-0000000300"));
        shards.put("customer/80-", shard("customer", "80-", "zone1-0000000400"));
        Map<String, TabletRecord> tablets = new LinkedHashMap<>();
        for (TabletRecord t : List.of(
                tablet(100, "commerce", "0", TabletType.PRIMARY, TabletState.SERVING),
                tablet(101, "commerce", "0", TabletType.REPLICA, TabletState.SERVING),
                tablet(103, "commerce", "0", TabletType.REPLICA, TabletState.STARTING),
                tablet(102, "commerce", "0", TabletType.RDONLY, TabletState.SERVING),
                tablet(300, "customer", "-80", TabletType.PRIMARY, TabletState.SERVING),
                tablet(400, "customer", "80-", TabletType.PRIMARY, TabletState.SERVING),
                // a former primary that still says PRIMARY: the shard record names 400
                tablet(401, "customer", "80-", TabletType.PRIMARY, TabletState.SERVING))) {
            tablets.put(t.alias(), t);
        }
        Map<String, SrvKeyspace> srv = new LinkedHashMap<>();
        srv.put("zone1/customer", new SrvKeyspace("zone1", "customer",
                List.of(new SrvKeyspace.Partition(TabletType.RDONLY, List.of("-80", "80-"))),
                List.of(new ServedFrom(TabletType.REPLICA, "commerce"), new ServedFrom(TabletType.PRIMARY, "commerce"))));
        Map<String, VSchema> vschemas = Map.of("commerce", VSchema.EMPTY);
        return new Topology("demo", 7, Map.of(), List.of("zone1"), keyspaces, shards, tablets, srv, vschemas, Map.of(), Map.of(),
                ReconcilerRecord.NONE);
    }

    @Test
    void servedFromFollowsTheCellsSrvKeyspace() {
        TopologyRouting r = new TopologyRouting(journeyAt203(), "zone1");
        assertEquals(Optional.of("commerce"), r.servedFrom("customer", TabletType.PRIMARY));
        assertEquals(Optional.empty(), r.servedFrom("customer", TabletType.RDONLY));
        assertEquals(Optional.empty(), r.servedFrom("commerce", TabletType.PRIMARY));
    }

    @Test
    void shardsComeFromThePartitionOfTheTypeInKeyRangeOrder() {
        TopologyRouting r = new TopologyRouting(journeyAt203(), "zone1");
        assertEquals(List.of("-80", "80-"), r.shards("customer", TabletType.RDONLY).stream().map(ShardRef::name).toList());
        assertEquals(List.of(), r.shards("customer", TabletType.PRIMARY));
    }

    @Test
    void aKeyspaceWithoutSrvKeyspaceServesAllItsShards() {
        TopologyRouting r = new TopologyRouting(journeyAt203(), "zone1");
        assertEquals(List.of("0"), r.shards("commerce", TabletType.PRIMARY).stream().map(ShardRef::name).toList());
    }

    @Test
    void onlyServingTabletsOfTheTypeAndOnlyThePrimaryTheShardNames() {
        TopologyRouting r = new TopologyRouting(journeyAt203(), "zone1");
        assertEquals(List.of("zone1-0000000101"), r.tablets("commerce", "0", TabletType.REPLICA).stream().map(TabletEndpoint::alias).toList());
        List<TabletEndpoint> primary = r.tablets("customer", "80-", TabletType.PRIMARY);
        assertEquals(List.of(new TabletEndpoint("zone1-0000000400", "127.0.0.1", 20400, "customer")), primary);
        assertEquals(List.of("commerce", "customer"), r.keyspaces());
        assertEquals(Optional.empty(), r.vschema("customer"));
    }

    @Test
    void useKeyspaceSlashShardMayNameAShardThatServesNothingYet() {
        Topology at203 = journeyAt203();
        Map<String, ShardRecord> shards = new LinkedHashMap<>(at203.shards());
        shards.put("commerce/-80", new ShardRecord("commerce", "-80", KeyRange.parse("-80").orElseThrow(), null, false, List.of(), List.of()));
        Map<String, SrvKeyspace> srv = new LinkedHashMap<>(at203.srvKeyspaces());
        srv.put("zone1/commerce", new SrvKeyspace("zone1", "commerce", List.of(new SrvKeyspace.Partition(TabletType.PRIMARY, List.of("0")),
                new SrvKeyspace.Partition(TabletType.REPLICA, List.of("0")), new SrvKeyspace.Partition(TabletType.RDONLY, List.of("0"))), List.of()));
        Topology t = new Topology("demo", 8, Map.of(), List.of("zone1"), at203.keyspaces(), shards, at203.tablets(), srv, at203.vschemas(),
                Map.of(), Map.of(), ReconcilerRecord.NONE);
        TopologyRouting r = new TopologyRouting(t, "zone1");
        assertEquals(List.of("0"), r.shards("commerce", TabletType.PRIMARY).stream().map(ShardRef::name).toList(), "traffic goes to the serving shard");
        assertEquals(List.of("-80", "0"), r.allShards("commerce").stream().map(ShardRef::name).sorted().toList(),
                "the new shard can be named, as the reference reads customer/-80 right after creating it");
    }
}
