package io.shardops.planner.bench;

import io.shardops.planner.diff.Planner;
import io.shardops.planner.plan.PlanResult;
import io.shardops.planner.plan.PlanSource;
import io.shardops.planner.plan.PlanTarget;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.TopologyOf;
import io.shardops.spec.Cell;
import io.shardops.spec.Cluster;
import io.shardops.spec.Gateway;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Policy;
import io.shardops.spec.Shard;
import io.shardops.spec.SourceLocation;
import io.shardops.spec.TabletCounts;
import io.shardops.spec.key.KeyRange;
import io.shardops.spec.schema.TableDef;
import io.shardops.spec.vschema.VSchema;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Planning speed on generated clusters: {@code keyspaces × shards × 3 tablets} and ten times the shards,
 * planned from scratch and for a one-shard change, with the ratio between the sizes as the baseline.
 */
public final class PlanBench {
    /**
     * One measurement over the timed runs, in milliseconds: wall-clock median and best, and the median CPU
     * time of the planning thread (steadier than wall time on a machine shared with other work).
     */
    public record Timing(double medianMillis, double minMillis, double cpuMillis, int steps) {}

    /** The figures for one cluster size. */
    public record Row(int keyspaces, int shardsPerKeyspace, int tablets, double topologyMillis, Timing scratch, Timing oneShard) {}

    private PlanBench() {}

    /** A sharded cluster: {@code keyspaces} keyspaces of {@code shards} shards with 2 replica + 1 rdonly tablets each. */
    public static Cluster generate(int keyspaces, int shards) {
        List<Keyspace> list = new ArrayList<>();
        List<String> names = shardNames(shards);
        for (int k = 0; k < keyspaces; k++) {
            List<Shard> s = new ArrayList<>(shards);
            for (String n : names) {
                s.add(new Shard(n, KeyRange.parse(n).orElseThrow(), TabletCounts.DEFAULT));
            }
            TableDef orders = new TableDef("orders", List.of(new TableDef.Column("id", "bigint", true, false, null),
                    new TableDef.Column("customer_id", "bigint", false, false, null), new TableDef.Column("total", "bigint", false, false, null)),
                    List.of("id"), List.of(new TableDef.Index("by_customer", false, List.of("customer_id"))), "", "");
            TableDef events = new TableDef("events", List.of(new TableDef.Column("id", "bigint", true, false, null),
                    new TableDef.Column("payload", "varbinary(1024)", false, false, null)), List.of("id"), List.of(), "", "");
            Map<String, VSchema.Table> tables = new LinkedHashMap<>();
            tables.put("orders", new VSchema.Table("", List.of(new VSchema.ColumnVindex("customer_id", "hash")), null));
            tables.put("events", new VSchema.Table("", List.of(new VSchema.ColumnVindex("id", "hash")), null));
            VSchema vschema = new VSchema(true, Map.of("hash", new VSchema.Vindex("hash", Map.of())), tables);
            list.add(new Keyspace("ks" + k, s, List.of(orders, events), Map.of(), vschema, SourceLocation.UNKNOWN));
        }
        return new Cluster("bench", List.of(new Cell("zone1", Gateway.DEFAULT)), TabletCounts.DEFAULT, list, List.of(), Policy.NONE);
    }

    /** The same cluster with one more replica in one shard of the first keyspace. */
    public static Cluster oneShardChanged(Cluster c) {
        List<Keyspace> ks = new ArrayList<>(c.keyspaces());
        Keyspace first = ks.get(0);
        List<Shard> shards = new ArrayList<>(first.shards());
        Shard s = shards.get(shards.size() / 2);
        shards.set(shards.size() / 2, new Shard(s.name(), s.keyRange(), new TabletCounts(3, 1)));
        ks.set(0, new Keyspace(first.name(), shards, first.tables(), first.sequences(), first.vschema(), first.location()));
        return new Cluster(c.name(), c.cells(), c.tabletDefaults(), ks, c.migrations(), c.policy());
    }

    /** {@code n} shard names that tile the key range, two-byte boundaries. */
    static List<String> shardNames(int n) {
        HexFormat hex = HexFormat.of();
        String[] bounds = new String[n + 1];
        bounds[0] = "";
        bounds[n] = "";
        for (int i = 1; i < n; i++) {
            int b = (int) ((long) i * 65536 / n);
            bounds[i] = hex.formatHex(new byte[] {(byte) (b >> 8), (byte) b});
        }
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(bounds[i] + "-" + bounds[i + 1]);
        }
        return out;
    }

    public static Row measure(int keyspaces, int shards, int runs) {
        Cluster cluster = generate(keyspaces, shards);
        Cluster changed = oneShardChanged(cluster);
        long t0 = System.nanoTime();
        Topology live = TopologyOf.spec(cluster);
        double topologyMillis = (System.nanoTime() - t0) / 1e6;
        Timing scratch = time(changed.name(), () -> plan(cluster, Topology.empty(cluster.name())), runs);
        Timing one = time(changed.name(), () -> plan(changed, live), runs);
        return new Row(keyspaces, shards, live.tablets().size(), topologyMillis, scratch, one);
    }

    private static PlanResult plan(Cluster desired, Topology live) {
        return Planner.plan(desired, live, PlanSource.ofTopology(live.revision(), live.modRevisions()), new PlanTarget(desired.name(), "", "", ""));
    }

    private static Timing time(String name, Supplier<PlanResult> run, int runs) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] ms = new double[runs];
        double[] cpu = new double[runs];
        int steps = 0;
        for (int i = 0; i < runs; i++) {
            System.gc(); // start each run with the previous run's garbage gone
            long c = threads.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            PlanResult r = run.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c) / 1e6;
            if (r.refused()) {
                throw new IllegalStateException("the generated cluster " + name + " was refused: " + r.errors());
            }
            steps = r.plan().steps().size();
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        return new Timing(ms[runs / 2], ms[0], cpu[runs / 2], steps);
    }

    /** Runs the benchmark and prints a table; returns the two rows (base size, ten times the shards). */
    public static List<Row> run(int keyspaces, int shards, int runs, PrintStream out) {
        out.printf("Planning benchmark: %d keyspaces x %d shards x 3 tablets, and 10x the shards; median of %d runs after a warm-up%n",
                keyspaces, shards, runs);
        // Warm-up at both sizes so the JIT has compiled the planner before anything is timed; not reported.
        measure(keyspaces, shards, 3);
        measure(keyspaces, shards * 10, 2);
        Row small = measure(keyspaces, shards, runs);
        Row large = measure(keyspaces, shards * 10, runs);
        out.printf("%-8s %8s %7s | %-32s | %-32s%n", "shards", "tablets", "steps", "from scratch: median/best/cpu ms", "one-shard change: median/best/cpu");
        for (Row r : List.of(small, large)) {
            out.printf("%-8d %8d %7d | %9.1f %9.1f %9.1f      | %9.1f %9.1f %9.1f%n", r.keyspaces() * r.shardsPerKeyspace(), r.tablets(), r.scratch().steps(),
                    r.scratch().medianMillis(), r.scratch().minMillis(), r.scratch().cpuMillis(),
                    r.oneShard().medianMillis(), r.oneShard().minMillis(), r.oneShard().cpuMillis());
        }
        out.printf("ratio 10x/1x (cpu): from scratch %.1f, one-shard change %.1f (linear growth is 10)%n",
                large.scratch().cpuMillis() / small.scratch().cpuMillis(), large.oneShard().cpuMillis() / small.oneShard().cpuMillis());
        out.printf("one-shard change on %d tablets: %.0f ms cpu, %.0f ms wall (best %.0f ms); the plan has %d step(s)%n", large.tablets(),
                large.oneShard().cpuMillis(), large.oneShard().medianMillis(), large.oneShard().minMillis(), large.oneShard().steps());
        return List.of(small, large);
    }

    public static void main(String[] args) {
        int keyspaces = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int shards = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        run(keyspaces, shards, runs, System.out);
    }
}
