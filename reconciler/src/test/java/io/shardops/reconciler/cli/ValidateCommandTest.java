package io.shardops.reconciler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code shardops validate} as a user runs it: output lines, the count line, exit status, no stack traces. */
class ValidateCommandTest {
    private static final Path REPO = Path.of(System.getProperty("repo.root", ".."));

    private record Run(int exit, String out, String err) {}

    private static Run validate(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ShardopsCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        String[] full = new String[args.length + 1];
        full[0] = "validate";
        System.arraycopy(args, 0, full, 1, args.length);
        return new Run(cli.execute(full), out.toString(), err.toString());
    }

    private static void assertNoStackTrace(Run r) {
        String all = r.out() + r.err();
        assertFalse(all.contains("Exception") || all.contains("\tat "), all);
    }

    @Test
    void terminalEscapesInASpecArePrintedEscapedInTextAndJson(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("evil.yaml");
        Files.writeString(spec, String.join("\n",
                "apiVersion: shardops.io/v1",
                "kind: Cluster",
                "metadata: {name: demo}",
                "spec:",
                "  cells: [{name: zone1}]",
                "  keyspaces:",
                "    - name: commerce",
                "      shards: [{name: \"0\"}]",
                "      schema: [{sql: \"create table product(sku varbinary(128), `\\e]0;owned\\a\\e[2J\\x9b` int, primary key(sku))\"}]",
                "      vschema: {tables: {product: {}}}", ""));
        for (Run r : List.of(validate(spec.toString()), validate("--format", "json", spec.toString()))) {
            assertEquals(1, r.exit(), r.out());
            String all = (r.out() + r.err()).replace("\\\\", "\\"); // JSON doubles the backslash of an escape
            assertTrue(all.contains("\\x1b]0;owned\\x07\\x1b[2") && all.contains("\\x9b"), all);
            assertTrue(all.chars().noneMatch(c -> c == 0x1b || c == 0x07 || c == 0x9b), "no raw control character: " + all);
        }
    }

    @Test
    void journeyAndFinalLayoutAreValid() {
        Run r = validate(REPO.resolve("examples/phases").toString(), REPO.resolve("examples/final").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("ok: 16 specs in 18 files valid", r.out().strip());
    }

    @Test
    void everyProblemIsPrintedWithFileLineColumnThenTheCount(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("bad.yaml");
        Files.writeString(spec, String.join("\n",
                "apiVersion: shardops.io/v1",
                "kind: Cluster",
                "metadata: {name: demo}",
                "spec:",
                "  cells: [{name: zone1}]",
                "  tabletDefaults: {replica: 2, rdonly: 1, spare: 3}",
                "  keyspaces:",
                "    - name: commerce",
                "      shard: []",
                ""));
        Path empty = dir.resolve("empty.yaml");
        Files.writeString(empty, "");
        Run r = validate(spec.toString(), empty.toString());
        assertEquals(1, r.exit());
        List<String> lines = r.out().lines().toList();
        assertEquals(List.of(
                spec + ":6:43: error: unknown field 'spare' in spec.tabletDefaults",
                "    hint: fields allowed here: replica, rdonly",
                spec + ":9:7: error: unknown field 'shard' in spec.keyspaces[0]",
                "    hint: fields allowed here: name, shards, schema, sequences, vschema, backup",
                empty + ":1:1: error: file has no YAML content",
                "    hint: write a spec (apiVersion, kind, ...) or remove the file",
                "3 errors in 2 files"), lines);
        assertNoStackTrace(r);
    }

    @Test
    void hostileInputIsAnErrorNotACrash(@TempDir Path dir) throws IOException {
        byte[] garbage = new byte[1 << 16];
        new Random(7).nextBytes(garbage);
        Files.write(dir.resolve("garbage.yaml"), garbage);
        Files.writeString(dir.resolve("deep.yaml"), "a: " + "[".repeat(20_000) + "\n");
        Run r = validate(dir.resolve("garbage.yaml").toString(), dir.resolve("deep.yaml").toString(), dir.resolve("missing.yaml").toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("garbage.yaml:1:"), r.out());
        assertTrue(r.out().contains("deep.yaml:1:"), r.out());
        assertTrue(r.out().contains("missing.yaml:1:1: error: no such file or folder"), r.out());
        assertTrue(r.out().strip().endsWith("3 errors in 3 files"), r.out());
        assertNoStackTrace(r);
    }

    @Test
    void jsonFormatListsEveryProblemWithItsPosition() throws IOException {
        Path bad = REPO.resolve("spec/src/test/resources/invalid/shards-gap.yaml");
        Run r = validate("--format", "json", bad.toString());
        assertEquals(1, r.exit());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertFalse(doc.get("valid").asBoolean());
        assertEquals(1, doc.get("errorCount").asInt());
        JsonNode p = doc.get("problems").get(0);
        assertEquals(bad.toString(), p.get("file").asText());
        assertEquals(28, p.get("line").asInt());
        assertEquals(9, p.get("column").asInt());
        assertEquals("shards.tiling", p.get("code").asText());
    }

    @Test
    void validJsonSaysSo() throws IOException {
        Run r = validate("--format", "json", REPO.resolve("examples/phases/101_initial_cluster.yaml").toString());
        assertEquals(0, r.exit());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertTrue(doc.get("valid").asBoolean());
        assertEquals("demo", doc.get("specs").get(0).get("cluster").asText());
    }
}
