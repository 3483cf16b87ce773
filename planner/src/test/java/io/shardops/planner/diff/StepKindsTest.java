package io.shardops.planner.diff;

import static io.shardops.planner.Specs.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.planner.plan.Action;
import io.shardops.planner.plan.ApprovalClass;
import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.Step;
import io.shardops.planner.plan.StepKind;
import io.shardops.planner.topology.ServedFrom;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.TopologyOf;
import io.shardops.spec.Cluster;
import io.shardops.spec.Keyspace;
import io.shardops.spec.SchemaChanges;
import io.shardops.spec.Sequence;
import io.shardops.spec.TabletType;
import io.shardops.spec.schema.TableDef;
import io.shardops.spec.vschema.VSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per step kind: the change in the spec that asks for it, and what the step carries. */
class StepKindsTest {
    private static final Keyspace COMMERCE = keyspace("commerce", List.of(shard("0")), List.of(product()), unsharded("product"));
    private static final Cluster BASE = cluster(COMMERCE);

    private static Step only(Plan plan, StepKind kind) {
        List<Step> s = plan.steps().stream().filter(x -> x.kind() == kind).toList();
        assertEquals(1, s.size(), () -> "one " + kind.word() + " step in " + heads(plan));
        return s.get(0);
    }

    @Test
    void aNewKeyspaceIsCreatedWithItsShardsTabletsPrimarySchemaAndVSchema() {
        Plan plan = plan(BASE, Topology.empty("demo")).plan();
        assertEquals(List.of("create-keyspace commerce", "create-shard commerce/0", "start-tablets commerce/0", "init-primary commerce/0",
                "set-durability commerce/0", "apply-schema commerce", "apply-vschema commerce"), heads(plan));
        Action.StartTablets start = (Action.StartTablets) only(plan, StepKind.START_TABLETS).action();
        assertEquals(2, start.replica());
        assertEquals(1, start.rdonly());
        Action.ApplySchema schema = (Action.ApplySchema) only(plan, StepKind.APPLY_SCHEMA).action();
        assertTrue(schema.statements().get(0).startsWith("create table `product`("), schema.statements().toString());
        Step primary = only(plan, StepKind.INIT_PRIMARY);
        assertTrue(primary.dependsOn().contains(3), "init-primary waits for the tablets");
    }

    @Test
    void aKeyspaceGoneFromTheSpecIsDeletedAsADestroy() {
        Keyspace extra = keyspace("extra", List.of(shard("0")), List.of(), VSchema.EMPTY);
        Plan plan = planned(cluster(COMMERCE, extra), BASE);
        assertEquals(List.of("stop-tablets extra/0", "delete-shard extra/0", "delete-keyspace extra"), heads(plan));
        Step delete = only(plan, StepKind.DELETE_KEYSPACE);
        assertTrue(delete.destructive());
        assertEquals(ApprovalClass.DESTROY, delete.approval());
        assertTrue(delete.dependsOn().contains(2));
    }

    @Test
    void moreTabletsStartAndFewerStopNeverThePrimaryFirst() {
        Cluster more = cluster(keyspace("commerce", List.of(shard("0", 3, 2)), List.of(product()), unsharded("product")));
        Plan up = planned(BASE, more);
        assertEquals(List.of("start-tablets commerce/0"), heads(up));
        Action.StartTablets start = (Action.StartTablets) up.steps().get(0).action();
        assertEquals(List.of(1, 1), List.of(start.replica(), start.rdonly()));

        Cluster fewer = cluster(keyspace("commerce", List.of(shard("0", 1, 0)), List.of(product()), unsharded("product")));
        Plan down = planned(BASE, fewer);
        // one replica left: no one to acknowledge, so semi-sync is turned off before the others stop
        assertEquals(List.of("set-durability commerce/0", "stop-tablets commerce/0"), heads(down));
        assertEquals("none", ((Action.SetDurability) down.steps().get(0).action()).durability());
        Action.StopTablets stop = (Action.StopTablets) down.steps().get(1).action();
        assertEquals(List.of("zone1-0000000101", "zone1-0000000102"), stop.aliases(), "the replica and the rdonly go; the primary (uid 100) stays");
        assertFalse(down.steps().get(0).destructive());
    }

    @Test
    void aShardWithoutAPrimaryGetsOneElected() {
        Topology live = TopologyOf.spec(BASE);
        var shard = live.shards().get("commerce/0").withPrimary(null);
        var shards = new LinkedHashMap<>(live.shards());
        shards.put("commerce/0", shard);
        var tablets = new LinkedHashMap<String, TabletRecord>();
        live.tablets().forEach((k, t) -> tablets.put(k, t.type() == TabletType.PRIMARY ? t.withType(TabletType.REPLICA) : t));
        Topology noPrimary = new Topology(live.clusterName(), 7, Map.of(), live.cells(), live.keyspaces(), shards, tablets, live.srvKeyspaces(),
                live.vschemas(), live.schemas(), live.workflows(), live.reconciler());
        assertEquals(List.of("init-primary commerce/0"), heads(plan(BASE, noPrimary).plan()));
    }

    @Test
    void declarativeSchemaCreatesAltersAndDrops() {
        TableDef wider = new TableDef("product", List.of(notNull("sku", "varbinary(128)"), col("description", "varbinary(256)"), col("price", "bigint"),
                col("currency", "varchar(3)")), List.of("sku"), List.of(new TableDef.Index("by_price", false, List.of("price"))), "catalogue", "");
        TableDef extra = table("review", "id", notNull("id", "bigint"), col("text", "text"));
        Cluster next = cluster(keyspace("commerce", List.of(shard("0")), List.of(wider, extra), unsharded("product", "review")));
        Plan plan = planned(BASE, next);
        Action.ApplySchema schema = (Action.ApplySchema) only(plan, StepKind.APPLY_SCHEMA).action();
        assertEquals(List.of("create table `review`(`id` bigint not null, `text` text, primary key(`id`))"), schema.statements());
        assertFalse(only(plan, StepKind.APPLY_SCHEMA).destructive());
        // an ALTER of a live table runs online (the default strategy): a schema-change step, then its cut-over
        Action.SchemaChange change = (Action.SchemaChange) only(plan, StepKind.SCHEMA_CHANGE).action();
        assertEquals("alter table `product` modify column `description` varbinary(256), add column `currency` varchar(3) after `price`,"
                + " add key `by_price`(`price`), comment 'catalogue'", change.alter());
        assertEquals(List.of(only(plan, StepKind.SCHEMA_CHANGE).index()), only(plan, StepKind.SCHEMA_CUTOVER).dependsOn());
        assertFalse(only(plan, StepKind.SCHEMA_CUTOVER).gated());
        assertTrue(heads(plan).contains("apply-vschema commerce"));
    }

    @Test
    void losingAutoIncrementIsAnAlterOfThatColumn() {
        Cluster before = cluster(keyspace("customer", List.of(shard("0")), List.of(customer()), unsharded("customer")));
        TableDef plain = table("customer", "customer_id", notNull("customer_id", "bigint"), col("email", "varbinary(128)"));
        Cluster after = cluster(keyspace("customer", List.of(shard("0")), List.of(plain), unsharded("customer")));
        Action.SchemaChange change = (Action.SchemaChange) only(planned(before, after), StepKind.SCHEMA_CHANGE).action();
        assertEquals("alter table `customer` modify column `customer_id` bigint not null", change.alter());
    }

    @Test
    void directStrategyRunsAPlainAlterBehindTheDestroyGate() {
        TableDef narrower = table("product", "sku", notNull("sku", "varbinary(128)"), col("description", "varbinary(128)"), col("price", "int"));
        Keyspace k = keyspace("commerce", List.of(shard("0")), List.of(narrower), unsharded("product"));
        Keyspace direct = new Keyspace(k.name(), k.shards(), k.tables(), k.sequences(), k.vschema(), k.location(),
                new SchemaChanges(SchemaChanges.Strategy.DIRECT, false));
        Plan plan = planned(BASE, cluster(direct));
        Step s = only(plan, StepKind.APPLY_SCHEMA);
        assertEquals(List.of("alter table `product` modify column `price` int"), ((Action.ApplySchema) s.action()).statements());
        assertEquals(ApprovalClass.DESTROY, s.approval());
        assertFalse(s.destructive());
        assertTrue(s.description().contains("blocks writes"), s.description());
        assertTrue(heads(plan).stream().noneMatch(h -> h.startsWith("schema-")), heads(plan).toString());
    }

    @Test
    void postponedCutoverWaitsForApprovalWhateverThePolicy() {
        TableDef wider = table("product", "sku", notNull("sku", "varbinary(128)"), col("description", "varbinary(128)"), col("price", "decimal(20,2)"));
        Keyspace k = keyspace("commerce", List.of(shard("0")), List.of(wider), unsharded("product"));
        Keyspace postponed = new Keyspace(k.name(), k.shards(), k.tables(), k.sequences(), k.vschema(), k.location(),
                new SchemaChanges(SchemaChanges.Strategy.ONLINE, true));
        Plan plan = planned(BASE, cluster(postponed));
        assertFalse(only(plan, StepKind.SCHEMA_CHANGE).gated());
        Step cutover = only(plan, StepKind.SCHEMA_CUTOVER);
        assertTrue(cutover.gated());
        assertEquals(ApprovalClass.SCHEMA_CUTOVER, cutover.approval());
    }

    @Test
    void droppingAColumnIsADestroy() {
        TableDef narrower = table("product", "sku", notNull("sku", "varbinary(128)"), col("price", "bigint"));
        Plan plan = planned(BASE, cluster(keyspace("commerce", List.of(shard("0")), List.of(narrower), unsharded("product"))));
        Step s = only(plan, StepKind.SCHEMA_CHANGE);
        assertTrue(s.destructive());
        assertEquals(ApprovalClass.DESTROY, s.approval());
        assertEquals("alter table `product` drop column `description`", ((Action.SchemaChange) s.action()).alter());
    }

    @Test
    void aTableNoLongerDeclaredNorRoutedIsDroppedAsADestroy() {
        Cluster before = cluster(keyspace("commerce", List.of(shard("0")), List.of(product(), customer()), unsharded("product", "customer")));
        Plan plan = planned(before, BASE);
        assertEquals(List.of("apply-vschema commerce", "drop-tables commerce"), heads(plan));
        Step drop = only(plan, StepKind.DROP_TABLES);
        assertTrue(drop.destructive());
        assertEquals(List.of("customer"), ((Action.DropTables) drop.action()).tables());
        assertEquals(List.of(1), drop.dependsOn(), "the VSchema stops routing the table before it goes");
    }

    @Test
    void sequencesAreCreatedBeforeTheVSchemaThatUsesThem() {
        Keyspace withSeq = keyspace("commerce", List.of(shard("0")), List.of(product()), Map.of("customer_seq", new Sequence("customer_seq", 1000, 100)),
                new VSchema(false, Map.of(), Map.of("product", VSchema.Table.PLAIN, "customer_seq", new VSchema.Table("sequence", List.of(), null))));
        TableDef plain = table("customer", "customer_id", notNull("customer_id", "bigint"));
        Keyspace sharded = keyspace("customer", List.of(shard("-80"), shard("80-")), List.of(plain),
                new VSchema(true, Map.of("hash", new VSchema.Vindex("hash", Map.of())), Map.of("customer",
                        new VSchema.Table("", List.of(new VSchema.ColumnVindex("customer_id", "hash")), new VSchema.AutoIncrement("customer_id", "customer_seq")))));
        Plan plan = planned(cluster(COMMERCE, keyspace("customer", List.of(shard("-80"), shard("80-")), List.of(plain), hashed("customer_id", "customer"))),
                cluster(withSeq, sharded));
        Step seq = only(plan, StepKind.CREATE_SEQUENCE);
        Action.CreateSequence a = (Action.CreateSequence) seq.action();
        assertEquals(List.of("commerce", "customer_seq", 1000L, 100L), List.of(a.keyspace(), a.sequence(), a.start(), a.cache()));
        Step vschema = plan.steps().stream().filter(s -> s.kind() == StepKind.APPLY_VSCHEMA && s.target().equals("customer")).findFirst().orElseThrow();
        assertTrue(vschema.dependsOn().contains(seq.index()), "the customer VSchema names customer_seq, so it waits for it");
    }

    @Test
    void aVSchemaChangeIsAppliedWholeWithTheChangedFieldsInTheSummary() {
        Cluster next = cluster(keyspace("commerce", List.of(shard("0")), List.of(product()), new VSchema(false, Map.of(), Map.of("product", new VSchema.Table("reference", List.of(), null)))));
        Plan plan = planned(BASE, next);
        Step s = only(plan, StepKind.APPLY_VSCHEMA);
        assertEquals("reference", ((Action.ApplyVSchema) s.action()).vschema().tables().get("product").type());
        var change = plan.changes().stream().filter(c -> c.type().equals("vschema")).findFirst().orElseThrow();
        assertEquals(1, change.fields().size());
        assertEquals("tables.product", change.fields().get(0).field());
    }

    // --- moves ---------------------------------------------------------------------------------

    private static final Keyspace SOURCE = keyspace("commerce", List.of(shard("0")), List.of(product(), customer()), unsharded("product", "customer"));
    private static final Keyspace SOURCE_AFTER = keyspace("commerce", List.of(shard("0")), List.of(product()), unsharded("product"));
    private static final Keyspace TARGET = keyspace("customer", List.of(shard("0")), List.of(customer()), unsharded("customer"));

    private static Cluster vsplit(boolean copy, List<TabletType> switched, boolean complete) {
        return cluster(List.of(SOURCE_AFTER, TARGET), List.of(moveTables("mt", "commerce", "customer", List.of("customer"), copy, switched, complete)));
    }

    @Test
    void aMoveTablesTargetKeyspaceStartsServedFromItsSource() {
        Plan plan = planned(cluster(SOURCE), vsplit(false, List.of(), false));
        Action.CreateKeyspace ck = (Action.CreateKeyspace) only(plan, StepKind.CREATE_KEYSPACE).action();
        assertEquals(List.of(new ServedFrom(TabletType.PRIMARY, "commerce"), new ServedFrom(TabletType.REPLICA, "commerce"), new ServedFrom(TabletType.RDONLY, "commerce")),
                ck.servedFrom());
        Action.CopySchema copy = (Action.CopySchema) only(plan, StepKind.COPY_SCHEMA).action();
        assertEquals("commerce/0 -> customer/[0] [customer]", copy.sourceKeyspace() + "/" + copy.sourceShard() + " -> " + copy.targetKeyspace() + "/" + copy.targetShards() + " " + copy.tables());
        assertFalse(heads(plan).contains("start-copy mt"), "copy: false copies nothing yet");
    }

    @Test
    void copyingStartsTheWorkflowThenVerifiesIt() {
        Plan plan = planned(vsplit(false, List.of(), false), vsplit(true, List.of(), false));
        assertEquals(List.of("start-copy mt", "verify-diff mt"), heads(plan));
        Action.StartCopy sc = (Action.StartCopy) plan.steps().get(0).action();
        assertEquals(List.of("commerce", List.of("0"), "customer", List.of("0"), List.of("customer")),
                List.of(sc.sourceKeyspace(), sc.sourceShards(), sc.targetKeyspace(), sc.targetShards(), sc.tables()));
        assertEquals(List.of(1), plan.steps().get(1).dependsOn());
    }

    @Test
    void trafficSwitchesOneTabletTypeAtATimeAndThePrimaryIsGated() {
        Cluster from = cluster(List.of(SOURCE_AFTER, TARGET), List.of(moveTables("mt", "commerce", "customer", List.of("customer"), true, List.of(), false)), GATED);
        Cluster to = cluster(List.of(SOURCE_AFTER, TARGET), List.of(moveTables("mt", "commerce", "customer", List.of("customer"), true, List.of(TabletType.RDONLY, TabletType.REPLICA, TabletType.PRIMARY), false)), GATED);
        Plan plan = planned(from, to);
        assertEquals(List.of("switch-traffic mt rdonly", "switch-traffic mt replica", "switch-traffic mt primary"), heads(plan));
        assertFalse(plan.steps().get(1).gated());
        assertTrue(plan.steps().get(2).gated());
        assertEquals(ApprovalClass.SWITCH_PRIMARY, plan.steps().get(2).approval());
    }

    @Test
    void unswitchingReplicaTrafficReversesIt() {
        Plan plan = planned(vsplit(true, List.of(TabletType.RDONLY, TabletType.REPLICA), false), vsplit(true, List.of(TabletType.RDONLY), false));
        assertEquals(List.of("reverse-traffic mt replica"), heads(plan));
        assertEquals(List.of(TabletType.REPLICA), ((Action.ReverseTraffic) plan.steps().get(0).action()).tabletTypes());
    }

    @Test
    void completingAMoveTablesRemovesControlsDropsTheSourceTablesAndCompletes() {
        List<TabletType> all = List.of(TabletType.RDONLY, TabletType.REPLICA, TabletType.PRIMARY);
        Plan plan = planned(vsplit(true, all, false), vsplit(true, all, true));
        assertEquals(List.of("remove-tablet-controls commerce", "drop-tables commerce", "complete-migration mt"), heads(plan));
        Action.RemoveTabletControls rc = (Action.RemoveTabletControls) plan.steps().get(0).action();
        assertEquals(List.of("customer"), rc.tables());
        assertTrue(plan.steps().get(1).destructive());
        assertFalse(plan.steps().get(2).destructive());
    }

    @Test
    void aLayoutChangeWithoutAMigrationIsAMoveThatRunsToTheEnd() {
        Plan plan = planned(cluster(SOURCE), cluster(SOURCE_AFTER, TARGET));
        assertEquals(List.of("create-keyspace customer", "create-shard customer/0", "start-tablets customer/0", "init-primary customer/0", "set-durability customer/0",
                "copy-schema customer", "apply-vschema commerce", "apply-vschema customer", "start-copy commerce2customer", "verify-diff commerce2customer",
                "switch-traffic commerce2customer rdonly", "switch-traffic commerce2customer replica", "switch-traffic commerce2customer primary",
                "remove-tablet-controls commerce", "drop-tables commerce", "complete-migration commerce2customer"), heads(plan));
    }

    @Test
    void aChangedShardListIsAnInferredReshardThatDeletesTheOldShardsLast() {
        Keyspace one = keyspace("customer", List.of(shard("0")), List.of(customer()), hashed("customer_id", "customer"));
        Keyspace two = keyspace("customer", List.of(shard("-80"), shard("80-")), List.of(customer()), hashed("customer_id", "customer"));
        Plan plan = planned(cluster(one), cluster(two));
        assertEquals(List.of("create-shard customer/-80", "start-tablets customer/-80", "init-primary customer/-80",
                "create-shard customer/80-", "start-tablets customer/80-", "init-primary customer/80-",
                "set-durability customer/-80", "set-durability customer/80-", "copy-schema customer",
                "start-copy customer-reshard", "verify-diff customer-reshard", "switch-traffic customer-reshard rdonly",
                "switch-traffic customer-reshard replica", "switch-traffic customer-reshard primary", "stop-tablets customer/0",
                "delete-shard customer/0", "complete-migration customer-reshard"), heads(plan));
        Action.CreateShard cs = (Action.CreateShard) plan.steps().get(0).action();
        assertFalse(cs.serving(), "a reshard target serves nothing until traffic is switched to it");
        Step delete = only(plan, StepKind.DELETE_SHARD);
        assertTrue(delete.destructive());
        assertTrue(delete.dependsOn().contains(15));
    }

    @Test
    void aMergeBackAfterACompletedSplitIsANewWorkflowNotTheFinishedOne() {
        Keyspace one = keyspace("customer", List.of(shard("0")), List.of(customer()), hashed("customer_id", "customer"));
        Keyspace two = keyspace("customer", List.of(shard("-80"), shard("80-")), List.of(customer()), hashed("customer_id", "customer"));
        Cluster split = cluster(List.of(two), List.of(reshard("customer-reshard", "customer", List.of("0"), List.of("-80", "80-"),
                true, List.of(TabletType.RDONLY, TabletType.REPLICA, TabletType.PRIMARY), true)));
        Plan plan = planned(split, cluster(one));
        assertTrue(heads(plan).contains("start-copy customer-reshard-2"), heads(plan).toString());
        Action.StartCopy copy = (Action.StartCopy) only(plan, StepKind.START_COPY).action();
        assertEquals(List.of("-80", "80-"), copy.sourceShards());
        assertEquals(List.of("0"), copy.targetShards());
        assertEquals(List.of("stop-tablets customer/-80", "delete-shard customer/-80", "stop-tablets customer/80-", "delete-shard customer/80-",
                "complete-migration customer-reshard-2"), heads(plan).subList(heads(plan).size() - 5, heads(plan).size()));
    }
}
