package io.shardops.planner.diff;

import static io.shardops.planner.Specs.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shardops.planner.plan.Action;
import io.shardops.planner.plan.Plan;
import io.shardops.planner.topology.ShardSchema;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.TopologyOf;
import io.shardops.spec.Cluster;
import io.shardops.spec.Shard;
import io.shardops.spec.TabletType;
import io.shardops.spec.schema.TableDef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The phases skip a shard whose table list equals one they found nothing to do for, and shards whose tablets match the
 * spec: a shard that differs, wherever it stands among equal ones, still gets its steps, and only it.
 */
class ProportionalPlanTest {
    private static final List<String> NAMES = List.of("-2a", "2a-55", "55-80", "80-aa", "aa-d5", "d5-");
    private static final TableDef LEGACY = table("legacy", "id", notNull("id", "bigint"));

    private static Cluster sixShards(int replicaOfFourth) {
        List<Shard> shards = new ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) {
            shards.add(i == 3 ? shard(NAMES.get(i), replicaOfFourth, 1) : shard(NAMES.get(i)));
        }
        return cluster(keyspace("customer", shards, List.of(customer()), hashed("customer_id", "customer")));
    }

    /** The spec's topology with each shard's tables as a list of its own (as read from etcd), changed where asked. */
    private static Topology readApart(Cluster c, Map<String, List<TableDef>> tablesOf, Map<String, TabletRecord> tablets) {
        Topology t = TopologyOf.spec(c);
        Map<String, ShardSchema> schemas = new LinkedHashMap<>();
        t.schemas().forEach((k, s) -> schemas.put(k, new ShardSchema(s.keyspace(), s.shard(),
                new ArrayList<>(tablesOf.getOrDefault(s.shard(), s.tables())))));
        return new Topology(t.clusterName(), 3, Map.of(), t.cells(), t.keyspaces(), t.shards(), tablets == null ? t.tablets() : tablets,
                t.srvKeyspaces(), t.vschemas(), schemas, t.workflows(), t.reconciler());
    }

    @Test
    void onlyTheShardsWhoseTablesDifferGetSchemaSteps() {
        Cluster c = sixShards(2);
        Topology live = readApart(c, Map.of("55-80", List.of(), "80-aa", List.of(), "aa-d5", List.of(customer(), LEGACY), "d5-", List.of(customer(), LEGACY)), null);
        Plan plan = plan(c, live).plan();
        assertEquals(List.of("apply-schema customer", "drop-tables customer"), heads(plan));
        assertEquals(List.of("55-80", "80-aa"), ((Action.ApplySchema) plan.steps().get(0).action()).shards());
        assertEquals(List.of("aa-d5", "d5-"), ((Action.DropTables) plan.steps().get(1).action()).shards());
    }

    @Test
    void shardsReadApartButEqualPlanNothing() {
        Cluster c = sixShards(2);
        assertEquals(List.of(), heads(plan(c, readApart(c, Map.of(), null)).plan()));
    }

    @Test
    void aTabletMoreInOneShardAndALostRecordInAnotherAreTheOnlyTabletSteps() {
        Cluster before = sixShards(2);
        Map<String, TabletRecord> tablets = new LinkedHashMap<>(TopologyOf.spec(before).tablets());
        String rdonlyOfFirst = tablets.values().stream().filter(r -> r.shard().equals("-2a") && r.type() == TabletType.RDONLY)
                .findFirst().orElseThrow().alias();
        tablets.remove(rdonlyOfFirst);
        Plan plan = plan(sixShards(3), readApart(before, Map.of(), tablets)).plan();
        assertEquals(List.of("start-tablets customer/-2a", "start-tablets customer/80-aa"), heads(plan));
        assertEquals(new Action.StartTablets("customer", "-2a", 0, 1), plan.steps().get(0).action());
        assertEquals(new Action.StartTablets("customer", "80-aa", 1, 0), plan.steps().get(1).action());
    }
}
