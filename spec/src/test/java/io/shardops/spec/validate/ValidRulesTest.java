package io.shardops.spec.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.spec.Cluster;
import io.shardops.spec.Problem;
import io.shardops.spec.load.LoadResult;
import io.shardops.spec.load.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Specs at the edge of the rules that must pass: what the journey and its variants need. */
class ValidRulesTest {
    private static final String HEAD = """
            apiVersion: shardops.io/v1
            kind: Cluster
            metadata: {name: demo}
            spec:
              cells: [{name: zone1}]
            """;

    private static final String COMMERCE = """
                - name: commerce
                  shards: [{name: "0"}]
                  schema:
                    - sql: |
                        create table product(sku varbinary(128), primary key(sku));
                  sequences: {customer_seq: {}}
                  vschema: {tables: {product: {}, customer_seq: {type: sequence}}}
            """;

    private static Cluster load(Path dir, String yaml) throws IOException {
        Path f = dir.resolve("spec.yaml");
        Files.writeString(f, yaml);
        LoadResult r = SpecLoader.load(f);
        assertTrue(r.isValid(), r.problems().stream().map(Problem::render).collect(Collectors.joining("\n")));
        return r.orThrow();
    }

    @Test
    void oldAndNewShardsWithoutAMigrationAreAnInferredReshard(@TempDir Path dir) throws IOException {
        Cluster c = load(dir, HEAD + "  keyspaces:\n" + COMMERCE + """
                    - name: customer
                      shards: [{name: "0"}, {name: "-80"}, {name: "80-"}]
                      schema: [{sql: "create table customer(customer_id bigint, primary key(customer_id))"}]
                      vschema:
                        sharded: true
                        vindexes: {hash: {type: hash}}
                        tables:
                          customer:
                            column_vindexes: [{column: customer_id, name: hash}]
                            auto_increment: {column: customer_id, sequence: commerce.customer_seq}
                """);
        assertEquals(3, c.keyspace("customer").orElseThrow().shards().size());
    }

    @Test
    void aTableInBothKeyspacesOfAMoveIsAllowed(@TempDir Path dir) throws IOException {
        load(dir, HEAD + "  keyspaces:\n" + COMMERCE.replace("primary key(sku));", "primary key(sku));\n            create table customer(id bigint, primary key(id));")
                .replace("product: {},", "product: {}, customer: {},") + """
                    - name: customer
                      shards: [{name: "0"}]
                      schema: [{sql: "create table customer(id bigint, primary key(id))"}]
                      vschema: {tables: {customer: {}}}
                  migrations:
                    - name: vsplit
                      moveTables: {from: commerce, to: customer, tables: [customer]}
                """);
    }

    @Test
    void defaultsApply(@TempDir Path dir) throws IOException {
        Cluster c = load(dir, HEAD + "  tabletDefaults: {replica: 3}\n  keyspaces:\n" + COMMERCE);
        assertEquals(3, c.keyspace("commerce").orElseThrow().shards().get(0).tablets().replica());
        assertEquals(1, c.keyspace("commerce").orElseThrow().shards().get(0).tablets().rdonly());
        assertEquals(15306, c.cells().get(0).gateway().mysqlPort());
        assertEquals(100, c.keyspace("commerce").orElseThrow().sequences().get("customer_seq").cache());
        assertEquals(1, c.keyspace("commerce").orElseThrow().sequences().get("customer_seq").start());
        assertEquals(List.of(), c.migrations());
    }

    @Test
    void keyspaceFilesJoinTheClusterOfTheirFolder(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a-cluster.yaml"), HEAD);
        Files.writeString(dir.resolve("commerce.yaml"), "apiVersion: shardops.io/v1\nkind: Keyspace\nspec:\n" + COMMERCE.replace("    - name:", "  name:").replace("\n      ", "\n  "));
        LoadResult r = SpecLoader.load(dir);
        assertTrue(r.isValid(), r.problems().stream().map(Problem::render).collect(Collectors.joining("\n")));
        assertEquals("commerce", r.orThrow().keyspaces().get(0).name());
    }
}
