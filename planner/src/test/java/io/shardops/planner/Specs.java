package io.shardops.planner;

import io.shardops.planner.diff.Planner;
import io.shardops.planner.plan.Action;
import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.PlanResult;
import io.shardops.planner.plan.PlanSource;
import io.shardops.planner.plan.PlanTarget;
import io.shardops.planner.plan.Step;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.TopologyOf;
import io.shardops.spec.Cell;
import io.shardops.spec.Cluster;
import io.shardops.spec.Gateway;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Migration;
import io.shardops.spec.Policy;
import io.shardops.spec.Sequence;
import io.shardops.spec.Shard;
import io.shardops.spec.SourceLocation;
import io.shardops.spec.TabletCounts;
import io.shardops.spec.TabletType;
import io.shardops.spec.key.KeyRange;
import io.shardops.spec.schema.TableDef;
import io.shardops.spec.vschema.VSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small builders of spec values for planner tests, without YAML. */
public final class Specs {
    private Specs() {}

    public static final SourceLocation AT = new SourceLocation("spec.yaml", 1, 1);

    public static TableDef.Column col(String name, String type) {
        return new TableDef.Column(name, type, false, false, null);
    }

    public static TableDef.Column notNull(String name, String type) {
        return new TableDef.Column(name, type, true, false, null);
    }

    public static TableDef.Column autoInc(String name, String type) {
        return new TableDef.Column(name, type, true, true, null);
    }

    public static TableDef table(String name, String pk, TableDef.Column... columns) {
        return new TableDef(name, List.of(columns), pk == null ? List.of() : List.of(pk), List.of(), "", "");
    }

    public static TableDef product() {
        return table("product", "sku", notNull("sku", "varbinary(128)"), col("description", "varbinary(128)"), col("price", "bigint"));
    }

    public static TableDef customer() {
        return table("customer", "customer_id", autoInc("customer_id", "bigint"), col("email", "varbinary(128)"));
    }

    public static Shard shard(String name, int replica, int rdonly) {
        return new Shard(name, KeyRange.parse(name).orElseThrow(), new TabletCounts(replica, rdonly));
    }

    public static Shard shard(String name) {
        return shard(name, 2, 1);
    }

    public static VSchema unsharded(String... tables) {
        Map<String, VSchema.Table> t = new LinkedHashMap<>();
        Arrays.stream(tables).forEach(n -> t.put(n, VSchema.Table.PLAIN));
        return new VSchema(false, Map.of(), t);
    }

    public static VSchema hashed(String column, String... tables) {
        Map<String, VSchema.Table> t = new LinkedHashMap<>();
        Arrays.stream(tables).forEach(n -> t.put(n, new VSchema.Table("", List.of(new VSchema.ColumnVindex(column, "hash")), null)));
        return new VSchema(true, Map.of("hash", new VSchema.Vindex("hash", Map.of())), t);
    }

    public static Keyspace keyspace(String name, List<Shard> shards, List<TableDef> tables, VSchema vschema) {
        return new Keyspace(name, shards, tables, Map.of(), vschema, AT);
    }

    public static Keyspace keyspace(String name, List<Shard> shards, List<TableDef> tables, Map<String, Sequence> sequences, VSchema vschema) {
        return new Keyspace(name, shards, tables, sequences, vschema, AT);
    }

    public static Cluster cluster(Keyspace... keyspaces) {
        return cluster(List.of(keyspaces), List.of());
    }

    public static Cluster cluster(List<Keyspace> keyspaces, List<Migration> migrations) {
        return cluster(keyspaces, migrations, Policy.NONE);
    }

    public static Cluster cluster(List<Keyspace> keyspaces, List<Migration> migrations, Policy policy) {
        return new Cluster("demo", List.of(new Cell("zone1", Gateway.DEFAULT)), TabletCounts.DEFAULT, keyspaces, migrations, policy);
    }

    public static Migration moveTables(String name, String from, String to, List<String> tables, boolean copy, List<TabletType> switched, boolean complete) {
        return new Migration(name, new Migration.MoveTables(from, to, tables), copy, switched, complete, AT);
    }

    public static Migration reshard(String name, String keyspace, List<String> from, List<String> to, boolean copy, List<TabletType> switched, boolean complete) {
        return new Migration(name, new Migration.Reshard(keyspace, from, to), copy, switched, complete, AT);
    }

    public static final Policy GATED = new Policy(Set.of(Policy.SWITCH_PRIMARY, Policy.DESTROY));

    public static PlanResult plan(Cluster desired, Topology live) {
        return Planner.plan(desired, live, PlanSource.ofSpec("from.yaml", ""), new PlanTarget(desired.name(), "to.yaml", "", ""));
    }

    public static PlanResult plan(Cluster from, Cluster to) {
        return plan(to, TopologyOf.spec(from));
    }

    public static Plan planned(Cluster from, Cluster to) {
        PlanResult r = plan(from, to);
        if (r.refused()) {
            throw new AssertionError("refused: " + r.errors());
        }
        return r.plan();
    }

    /** The steps as {@code kind target} lines, e.g. {@code create-shard customer/-80}. */
    public static List<String> heads(Plan plan) {
        List<String> out = new ArrayList<>();
        for (Step s : plan.steps()) {
            String extra = s.action() instanceof Action.SwitchTraffic st ? " " + st.tabletTypes().get(0).word()
                    : s.action() instanceof Action.ReverseTraffic rt ? " " + rt.tabletTypes().get(0).word() : "";
            out.add(s.kind().word() + " " + s.target() + extra);
        }
        return out;
    }
}
