package io.shardops.spec.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.spec.Cluster;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Problem;
import io.shardops.spec.schema.TableDef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The journey's phase files and the final layout are valid specs, alone and together. */
class ExamplesValidateTest {
    static Path repo() {
        String root = System.getProperty("repo.root");
        return root != null ? Path.of(root) : Path.of("..");
    }

    static Stream<Path> phases() throws IOException {
        try (Stream<Path> s = Files.list(repo().resolve("examples/phases"))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    private static String render(List<Problem> problems) {
        return problems.stream().map(Problem::render).collect(Collectors.joining("\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("phases")
    void everyPhaseFileValidatesAlone(Path phase) {
        LoadResult r = SpecLoader.load(phase);
        assertTrue(r.isValid(), render(r.problems()));
        assertEquals("demo", r.orThrow().name());
    }

    @Test
    void thereIsOnePhaseFilePerRowOfTheJourneyTable() throws IOException {
        assertEquals(List.of("101_initial_cluster", "201_customer_keyspace", "202_customer_tablets", "203_vertical_split",
                        "204_vertical_migrate_replicas", "205_vertical_migrate_master", "206_clean_commerce", "301_customer_sharded",
                        "302_new_shards", "303_horizontal_split", "304_migrate_replicas", "305_migrate_master", "306_down_shard_0",
                        "307_delete_shard_0", "308_final"),
                phases().map(p -> p.getFileName().toString().replace(".yaml", "")).toList());
    }

    @Test
    void phasesAndFinalValidateTogether() {
        List<LoadResult> results = SpecLoader.loadAll(repo().resolve("examples/phases"), repo().resolve("examples/final"));
        assertEquals(16, results.size());
        for (LoadResult r : results) {
            assertTrue(r.isValid(), r.files() + "\n" + render(r.problems()));
        }
    }

    @Test
    void finalLayoutIsOneSpecOfParts() {
        Cluster c = SpecLoader.load(repo().resolve("examples/final")).orThrow();
        assertEquals(List.of("commerce", "customer"), c.keyspaces().stream().map(Keyspace::name).toList());
        Keyspace customer = c.keyspace("customer").orElseThrow();
        assertTrue(customer.sharded());
        assertEquals(List.of("-80", "80-"), customer.shards().stream().map(s -> s.name()).toList());
        assertEquals(List.of("customer_seq", "order_seq"), List.copyOf(c.keyspace("commerce").orElseThrow().sequences().keySet()));
    }

    @Test
    void finalLayoutEqualsPhase308() {
        Cluster parts = SpecLoader.load(repo().resolve("examples/final")).orThrow();
        Cluster phase = SpecLoader.load(repo().resolve("examples/phases/308_final.yaml")).orThrow();
        assertEquals(phase.cells(), parts.cells());
        assertEquals(phase.tabletDefaults(), parts.tabletDefaults());
        for (Keyspace k : phase.keyspaces()) {
            Keyspace p = parts.keyspace(k.name()).orElseThrow();
            assertEquals(k.shards(), p.shards());
            assertEquals(k.vschema(), p.vschema());
            assertEquals(k.sequences(), p.sequences());
            assertEquals(k.tables().stream().map(t -> t.columns()).toList(), p.tables().stream().map(t -> t.columns()).toList());
        }
    }

    @Test
    void referenceSchemaParsesAsMysqlPrintsIt() {
        Cluster c = SpecLoader.load(repo().resolve("examples/phases/101_initial_cluster.yaml")).orThrow();
        Keyspace commerce = c.keyspace("commerce").orElseThrow();
        TableDef product = commerce.table("product").orElseThrow();
        assertEquals(List.of(new TableDef.Column("sku", "varbinary(128)", true, false, null),
                new TableDef.Column("description", "varbinary(128)", false, false, null),
                new TableDef.Column("price", "bigint", false, false, null)), product.columns());
        assertEquals(List.of("sku"), product.primaryKey());
        TableDef customer = commerce.table("customer").orElseThrow();
        assertEquals(new TableDef.Column("customer_id", "bigint", true, true, null), customer.column("customer_id").orElseThrow());
        TableDef sharded = SpecLoader.load(repo().resolve("examples/phases/301_customer_sharded.yaml")).orThrow()
                .keyspace("customer").orElseThrow().table("corder").orElseThrow();
        assertEquals(new TableDef.Column("order_id", "bigint", true, false, null), sharded.column("order_id").orElseThrow());
    }
}
