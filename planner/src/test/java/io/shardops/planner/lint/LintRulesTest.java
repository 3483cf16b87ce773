package io.shardops.planner.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.planner.topology.TopologyOf;
import io.shardops.spec.Cluster;
import io.shardops.spec.LintCode;
import io.shardops.spec.Problem;
import io.shardops.spec.Severity;
import io.shardops.spec.load.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The review's decisions around the rules: levels from policy.lint, what counts as a change, what a move is not. */
class LintRulesTest {
    @TempDir
    Path dir;

    private static String before() throws IOException {
        return Files.readString(LintCorpusTest.CORPUS.resolve("before.yaml"));
    }

    private Cluster load(String yaml) throws IOException {
        Path file = dir.resolve("spec" + yaml.hashCode() + ".yaml");
        Files.writeString(file, yaml);
        return SpecLoader.load(file).orThrow();
    }

    private List<Problem> lint(String beforeYaml, String afterYaml) throws IOException {
        return Lint.check(load(afterYaml), Before.of(TopologyOf.spec(load(beforeYaml))));
    }

    private static Set<String> codes(List<Problem> findings) {
        return findings.stream().map(Problem::code).collect(Collectors.toSet());
    }

    private static String dropPrice(String yaml) {
        return yaml.replace("              price bigint,\n              primary key(customer_id, order_id)", "              primary key(customer_id, order_id)");
    }

    @Test
    void everyCodeHasExactlyOneRule() {
        assertEquals(Arrays.asList(LintCode.values()), Lint.RULES.stream().map(LintRule::code).sorted().toList());
    }

    @Test
    void policyLintTurnsACodeOffOrIntoAnError() throws IOException {
        String b = before();
        assertEquals(List.of(Severity.WARNING), lint(b, dropPrice(b)).stream().map(Problem::severity).toList());
        String asError = dropPrice(b) + "  policy:\n    lint:\n      column-dropped: error\n";
        assertEquals(List.of(Severity.ERROR), lint(b, asError).stream().map(Problem::severity).toList());
        String off = dropPrice(b) + "  policy:\n    lint:\n      column-dropped: off\n";
        assertEquals(List.of(), lint(b, off));
    }

    @Test
    void aTableThatMovesToAnotherKeyspaceIsNotDropped() throws IOException {
        String b = before();
        // product leaves commerce and is declared in customer: a move, its rows are copied
        String moved = b.replace("""
                            create table product(
                              sku varbinary(128) not null,
                              description varchar(255),
                              price bigint,
                              primary key(sku),
                              unique key uk_description(description)
                            );
                      vschema:
                        tables:
                          product: {}
                """, """
                            create table placeholder(id bigint not null, primary key(id));
                      vschema:
                        tables:
                          placeholder: {}
                """).replace("            create table corder(", """
                            create table product(
                              sku varbinary(128) not null,
                              description varchar(255),
                              price bigint,
                              primary key(sku),
                              unique key uk_description(description)
                            );
                            create table corder(""".stripLeading().indent(12).stripTrailing()).replace("""
                          corder:
                            column_vindexes:
                              - {column: customer_id, name: hash}
                              - {column: sku, name: md5}
                """, """
                          corder:
                            column_vindexes:
                              - {column: customer_id, name: hash}
                              - {column: sku, name: md5}
                          product:
                            column_vindexes:
                              - {column: sku, name: md5}
                """);
        assertTrue(moved.contains("placeholder") && moved.contains("          product:\n"), "the edit applied");
        Set<String> found = codes(lint(b, moved));
        assertTrue(!found.contains("table-dropped"), "a moved table is not dropped: " + found);
    }

    @Test
    void aTableRenamedByDropAndCreateSaysSoAtTheNewTable() throws IOException {
        String b = before();
        String renamed = b.replace("create table corder(", "create table customer_order(").replace("          corder:\n", "          customer_order:\n");
        Problem dropped = lint(b, renamed).stream().filter(p -> p.code().equals("table-dropped")).findFirst().orElseThrow();
        assertTrue(dropped.message().contains("customer_order is created with the same columns: a rename runs as drop + create"), dropped.message());
        assertEquals(34, dropped.location().line(), "at the new table's statement: " + dropped.location());
    }

    @Test
    void aTableAlreadyLiveIsNotReportedAgainOnEveryPlan() throws IOException {
        String noKey = before().replace("""
                              unique key uk_description(description)
                            );
                """, """
                              unique key uk_description(description)
                            );
                            create table audit(at datetime, note varchar(255));
                """).replace("          product: {}\n", "          product: {}\n          audit: {}\n");
        assertEquals(Set.of("table-without-primary-key"), codes(lint(before(), noKey)), "the change that adds it is reported");
        assertEquals(List.of(), lint(noKey, noKey), "a later plan that leaves it alone is not");
        assertEquals(Set.of("table-without-primary-key"), codes(Lint.check(load(noKey))), "validate, with no earlier state, reports it");
    }

    @Test
    void aUniqueKeyOnTheColumnASequenceFillsIsUniqueAcrossShards() throws IOException {
        String b = before();
        String orderKey = b.replace("primary key(customer_id, order_id)", "primary key(order_id)");
        assertTrue(codes(lint(b, orderKey)).contains("vindex-column-not-in-unique-key"));
        String sequenced = orderKey.replace("""
                    - name: customer
                """, """
                    - name: seqs
                      shards: [{name: "0"}]
                      sequences:
                        order_seq: {}
                      vschema:
                        tables:
                          order_seq: {type: sequence}
                    - name: customer
                """).replace("""
                              - {column: sku, name: md5}
                """, """
                              - {column: sku, name: md5}
                            auto_increment: {column: order_id, sequence: order_seq}
                """);
        assertTrue(sequenced.contains("auto_increment"), "the edit applied");
        assertTrue(!codes(lint(b, sequenced)).contains("vindex-column-not-in-unique-key"));
    }

    @Test
    void findingsPointAtTheLineOfTheColumnInAFileOfStatements() throws IOException {
        Files.writeString(dir.resolve("customer.sql"), """
                create table customer(
                  customer_id bigint not null,
                  email varchar(64),
                  name varchar(64),
                  primary key(customer_id)
                );
                create table corder(order_id bigint not null, customer_id bigint not null, sku varbinary(128), price bigint,
                  primary key(customer_id, order_id));
                """);
        String b = before();
        int start = b.indexOf("            create table customer(");
        int end = b.indexOf("      vschema:\n        sharded: true");
        String after = b.substring(0, b.lastIndexOf("        - sql: |", start)) + "        - file: customer.sql\n" + b.substring(end);
        List<Problem> found = lint(b, after);
        Problem narrowed = found.stream().filter(p -> p.code().equals("column-type-narrowed")).findFirst().orElseThrow();
        assertEquals("customer.sql", Path.of(narrowed.location().file()).getFileName().toString());
        assertEquals(3, narrowed.location().line());
        assertEquals(3, narrowed.location().column());
    }
}
