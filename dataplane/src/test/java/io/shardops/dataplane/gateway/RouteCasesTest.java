package io.shardops.dataplane.gateway;

import java.nio.charset.StandardCharsets;

import io.shardops.dataplane.mysql.ResultSet;

import io.shardops.dataplane.mysql.ColumnDefinition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shardops.dataplane.mysql.MysqlException;
import io.shardops.dataplane.mysql.StatementText;
import io.shardops.spec.golden.GoldenFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden routing cases, as Vitess's planbuilder keeps them: each case is a statement and the session's target
 * over {@link RouterTest#SNAPSHOT}'s VSchemas, and the route the router decides (errors too). Regenerate with
 * {@code mvn -pl dataplane test -Dtest=RouteCasesTest -Dgolden.update=true} and review the diff.
 */
class RouteCasesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"session_cases.json", "bytes_cases.json", "metadata_cases.json", "dump_load_cases.json", "queries_cases.json"})
    void routesMatchTheGoldenCases(String file) throws Exception {
        Path path = Path.of(System.getProperty("repo.root", "."), "dataplane/src/test/resources/gateway", file);
        if (!Files.exists(path)) {
            path = Path.of("src/test/resources/gateway", file);
        }
        ArrayNode cases = (ArrayNode) JSON.readTree(Files.readString(path));
        Router router = new Router(RouterTest.SNAPSHOT);
        List<String> mismatched = new ArrayList<>();
        for (JsonNode c : cases) {
            String sql = StatementText.ofUnicode(c.get("query").asText());
            Target target = Target.parse(c.path("target").asText(""));
            JsonNode actual = JSON.readTree(plan(router, sql, target).toString());  // numbers as they read back
            if (!actual.equals(c.get("plan"))) {
                mismatched.add(c.get("comment").asText() + ": expected " + c.get("plan") + " but got " + actual);
                ((ObjectNode) c).set("plan", actual);
            }
        }
        if (!GoldenFile.updating()) {
            // compared as JSON values, so a mismatch names its case rather than a line of the file
            assertEquals(List.of(), mismatched, "routes differ from " + file + "; if intended, " + GoldenFile.howToUpdate());
            return;
        }
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter().withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
        GoldenFile.assertMatches(path, JSON.writer(pretty).writeValueAsString(cases) + "\n");
    }

    static JsonNode plan(Router router, String sql, Target target) {
        ObjectNode out = JSON.createObjectNode();
        Route route;
        try {
            route = router.route(sql, target);
        } catch (MysqlException e) {
            out.put("Error", e.error().code() + " " + StatementText.readable(e.error().message()));
            return out;
        }
        describe(route, out);
        return out;
    }

    private static void describe(Route route, ObjectNode out) {
        out.put("Route", route.getClass().getSimpleName());
        switch (route) {
            case Route.Forward f -> query(out, f.query());
            case Route.Scatter s -> s.queries().forEach(q -> query(out.withArray("Queries").addObject(), q));
            case Route.MultiWrite w -> w.queries().forEach(q -> query(out.withArray("Queries").addObject(), q));
            case Route.Answer a -> out.put("Columns", a.resultSet().columns().size());
            case Route.Ok ok -> out.put("AffectedRows", ok.ok().affectedRows());
            case Route.NextValues n -> out.put("Sequence", n.sequence().keyspace() + "." + n.sequence().table()).put("Count", n.count());
            case Route.WithSequenceIds w -> {
                out.put("Sequence", w.sequence().keyspace() + "." + w.sequence().table()).put("Count", w.count());
                describe(w.then().apply(LongStream.range(1000, 1000 + w.count()).toArray()), out.putObject("WithIdsFrom1000"));
            }
            case Route.Use u -> out.put("Target", u.target().toString());
            case Route.Transaction t -> out.put("Kind", t.kind().name());
            case Route.ShowTables s -> query(out, s.query());
            case Route.SetSession s -> {
                out.put("Where", s.where() == null ? null : s.where().toString());
                ArrayNode list = out.putArray("Assignments");
                for (SetStatement.Assignment a : s.set().assignments()) {
                    switch (a) {
                        case SetStatement.Carried c -> list.addObject().put("Carried", StatementText.readable(c.text()))
                                .put("ReadBack", String.join(", ", c.readBack()));
                        case SetStatement.Autocommit ac -> list.addObject().put("Autocommit", ac.on());
                        case SetStatement.NextTransaction n -> list.addObject().put("NextTransaction", n.characteristics());
                        case SetStatement.Known k -> list.addObject().put("Known", new TreeMap<>(k.values()).toString());
                    }
                }
            }
            case Route.SessionValue v -> out.put("Kind", v.kind().name()).put("Label", v.label());
            case Route.Kill k -> out.put("ConnectionId", k.connectionId()).put("QueryOnly", k.queryOnly());
            case Route.WithColumns w -> {
                out.put("Table", w.table()).put("ColumnsFrom", w.shard().toString());
                describe(w.then().apply(List.of("customer_id", "email")), out.putObject("WithColumnsCustomerIdEmail"));
            }
            case Route.WithResults w -> {
                w.statements().forEach(sql -> out.withArray("Statements").add(StatementText.readable(sql)));
                // each statement answering one row, 1000, as a subquery of ids would
                List<ResultSet> answers = w.statements().stream().map(sql -> new ResultSet(List.of(ColumnDefinition.bigint("id")),
                        List.<byte[][]>of(new byte[][] {"1000".getBytes(StandardCharsets.US_ASCII)}))).toList();
                describe(w.then().apply(answers), out.putObject("WithAnswers1000"));
            }
            case Route.FoundRows f -> {
                out.put("FoundRows", f.count());
                describe(f.then(), out.putObject("Then"));
            }
            case Route.Savepoint sp -> out.put("Statement", sp.sql());
            case Route.LastWarnings w -> out.put("ErrorsOnly", w.errorsOnly()).put("Count", w.count());
            case Route.LoadData ld -> out.put("File", ld.statement().fileName()).put("Table", ld.statement().table())
                    .put("Columns", String.join(",", ld.statement().columns())).put("Modifier", ld.statement().modifier());
        }
    }

    private static void query(ObjectNode out, ShardQuery q) {
        out.put("Shard", q.target().toString()).put("Query", StatementText.readable(q.sql()));
    }
}
