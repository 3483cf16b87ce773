package io.shardops.reconciler.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shardops.dataplane.gateway.Route;
import io.shardops.dataplane.gateway.Router;
import io.shardops.dataplane.gateway.ShardQuery;
import io.shardops.dataplane.gateway.StaticRoutingSnapshot;
import io.shardops.dataplane.gateway.Target;
import io.shardops.dataplane.mysql.MysqlException;
import io.shardops.spec.Cluster;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Sequence;
import io.shardops.spec.TabletType;
import io.shardops.spec.load.LoadResult;
import io.shardops.spec.load.SpecLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shardops explain --spec SPEC [--keyspace KS] SQL}: which shards a statement goes to and what
 * each receives, decided by the gateway's router from the spec's VSchemas alone (no cluster needed).
 */
@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Show which shards receive what for one SQL statement, as the gateway would route it, from the spec's keyspaces,"
                    + " shards and VSchemas alone.",
            "Ids from sequences are shown as the first values the sequence would hand out.",
            "With --format json the output is [{\"keyspace\":..,\"shard\":..,\"sql\":..}], one object per shard."
        })
public final class ExplainCommand implements Callable<Integer> {
    /** One shard's part of the statement. */
    record Part(String keyspace, String shard, String sql) {}

    @Option(names = "--spec", required = true, paramLabel = "SPEC", description = "Spec file or folder.")
    Path specPath;

    @Option(names = "--keyspace", paramLabel = "KS", description = "The session's target, as after 'use': ks, ks/shard, ks@replica.")
    String keyspace;

    @Mixin
    FormatOption format = new FormatOption();

    @Parameters(arity = "1", paramLabel = "SQL", description = "One SQL statement.")
    String sql;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        LoadResult loaded = SpecLoader.load(specPath);
        if (!loaded.isValid()) {
            loaded.problems().forEach(p -> spec.commandLine().getErr().println(p.render()));
            throw new UserException(specPath + " is not a valid spec: fix the problems above (shardops validate " + specPath + ")");
        }
        List<Part> parts;
        try {
            parts = explain(loaded.orThrow(), keyspace, sql.trim().replaceAll(";\\s*$", ""));
        } catch (MysqlException e) {
            throw new UserException("cannot route this statement: " + e.error().message());
        }
        if (format.json()) {
            ObjectMapper mapper = new ObjectMapper();
            ArrayNode arr = mapper.createArrayNode();
            for (Part p : parts) {
                ObjectNode o = arr.addObject();
                o.put("keyspace", p.keyspace());
                o.put("shard", p.shard());
                o.put("sql", p.sql());
            }
            out.println(arr.toString());
        } else if (parts.isEmpty()) {
            out.println("answered by the gateway itself; no shard receives it");
        } else {
            for (Part p : parts) {
                out.println(p.keyspace() + "/" + p.shard() + ": " + p.sql());
            }
        }
        out.flush();
        return 0;
    }

    /** The parts of {@code sql} per shard, in order. Pure apart from nothing: the spec is already loaded. */
    static List<Part> explain(Cluster cluster, String keyspace, String sql) {
        Router router = new Router(StaticRoutingSnapshot.fromSpec(cluster));
        Target target = keyspace == null ? Target.DEFAULT : Target.parse(keyspace);
        if (target.keyspace() != null && cluster.keyspace(target.keyspace()).isEmpty()) {
            throw new UserException("keyspace " + target.keyspace() + " is not in the spec; keyspaces: "
                    + String.join(", ", cluster.keyspaces().stream().map(Keyspace::name).toList()));
        }
        List<Part> parts = new ArrayList<>();
        Route route = router.route(sql, target);
        while (true) {
            if (route instanceof Route.WithSequenceIds w) {
                long first = sequenceStart(cluster, w.sequence());
                parts.add(new Part(w.sequence().keyspace(), router.snapshot().shards(w.sequence().keyspace(),
                        TabletType.PRIMARY).get(0).name(), "select next " + w.count() + " values from " + w.sequence().table()));
                long[] ids = new long[w.count()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = first + i;
                }
                route = w.then().apply(ids);
                continue;
            }
            break;
        }
        switch (route) {
            case Route.Forward f -> add(parts, f.query());
            case Route.Scatter s -> s.queries().forEach(q -> add(parts, q));
            case Route.MultiWrite m -> m.queries().forEach(q -> add(parts, q));
            case Route.ShowTables t -> add(parts, t.query());
            case Route.NextValues n -> parts.add(new Part(n.sequence().keyspace(), router.snapshot().shards(n.sequence().keyspace(),
                    TabletType.PRIMARY).get(0).name(), "select next " + n.count() + " values from " + n.sequence().table()));
            // answered by the gateway itself (or, for sequence ids, unrolled above): no shard receives a statement
            case Route.WithSequenceIds w -> { }
            case Route.Answer a -> { }
            case Route.Ok o -> { }
            case Route.Use u -> { }
            case Route.Transaction t -> { }
            case Route.SetSession set -> { }
            case Route.SessionValue v -> { }
            case Route.Kill k -> { }
            case Route.WithColumns w -> { }
            // subqueries the gateway runs first; the statement itself then goes where their answers route it
            case Route.WithResults w -> w.statements().forEach(sub -> parts.addAll(explain(cluster, keyspace, sub)));
            case Route.Savepoint sp -> { }
            case Route.LastWarnings w -> { }
            case Route.LoadData l -> { }
            case Route.FoundRows f -> { }  // reached only through the WithResults of its count
        }
        return parts;
    }

    private static void add(List<Part> parts, ShardQuery q) {
        parts.add(new Part(q.target().keyspace(), q.target().shard(), q.sql()));
    }

    private static long sequenceStart(Cluster cluster, Route.SequenceRef ref) {
        return cluster.keyspace(ref.keyspace()).map(k -> k.sequences().get(ref.table())).map(Sequence::start).orElse(1L);
    }
}
