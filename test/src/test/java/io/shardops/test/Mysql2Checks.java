package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Node's mysql2 (query, execute, a pool, streaming) at its pinned version: {@code npm ci} of
 * test/src/test/resources/clients/mysql2 into target/, then its checks.js against the gateway, once; each
 * test asserts one of the values it printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class Mysql2Checks {
    private JsonNode results;

    @BeforeAll
    void runTheNodeChecks() throws Exception {
        Path dir = Path.of("target/mysql2").toAbsolutePath();
        Files.createDirectories(dir);
        for (String f : List.of("package.json", "package-lock.json", "checks.js")) {
            Files.copy(ClientsIT.resource("mysql2/" + f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(dir.resolve("node_modules/mysql2"))) {
            FinalCluster.Cli ci = run(dir, List.of("npm", "ci", "--no-audit", "--no-fund"));
            assertEquals(0, ci.exit(), "npm ci: " + ci.out());
        }
        ProcessBuilder pb = new ProcessBuilder("node", "checks.js").directory(dir.toFile());
        pb.environment().put("GATEWAY_PORT", Integer.toString(ClientsIT.cluster().port()));
        pb.environment().put("APP_PASSWORD", FinalCluster.APP_PASSWORD);
        // stderr to a file, not inherited: node makes inherited descriptors non-blocking, and the test JVM's are Surefire's
        Path err = dir.resolve("checks.err");
        Process p = pb.redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "node checks.js ended");
        assertEquals(0, p.exitValue(), "node checks.js: " + out + "\n" + Files.readString(err));
        System.out.println("CLIENTS mysql2: " + out);
        results = new ObjectMapper().readTree(out);
    }

    private static FinalCluster.Cli run(Path dir, List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new FinalCluster.Cli(p.exitValue(), out);
    }

    /** The value a check printed; fails with the error it printed instead. */
    private String value(String check) {
        JsonNode r = results.path(check);
        assertTrue(r.has("value"), check + " failed in mysql2: " + r.path("error").asText(r.toString()));
        return r.get("value").toString();
    }

    @Test
    void queryPoolAndStreamReadRows() {
        assertEquals("[\"1 alice@domain.com\",\"4 dan@domain.com\"]", value("query"));
        assertEquals("[\"alice@domain.com\",\"bob@domain.com\",\"charlie@domain.com\",\"dan@domain.com\",\"eve@domain.com\"]", value("pool"));
        assertEquals("[1,2,3,4,5]", value("stream"));
    }

    @Test
    @Tag("session-state")
    void utf8mb4AndSessionSettings() {
        assertEquals("\"😀 F09F9880\"", value("emoji"));
        assertEquals("\"+05:00 42\"", value("sessionVariables"));
    }

    @Test
    @Tag("insert-ids")
    void insertIdOfQueryAndExecute() {
        assertEquals("\"true mysql2-query@ids\"", value("queryInsertId"));
        assertEquals("\"true mysql2-execute@ids\"", value("executeInsertId"));
    }

    @Test
    @Tag("bytes")
    void aBufferRoundTrips() {
        assertEquals("true", value("executeBinary"));
    }

    @Test
    @Tag("queries")
    void executeWithANumberForTheVindexColumnRoutes() throws Exception {
        assertEquals("[\"mysql2-double@routes\"]", value("executeNumberForTheVindexColumn"));
        ClientsIT.cluster().assertOnItsShard(50001);
    }

    @Test
    @Tag("queries")
    void executeWithLimitAndOffsetParametersPages() {
        // was 1235 across shards and 1064 near '1.0' on one shard
        assertEquals("[\"2,3\",\"4,5\",\"1\"]", value("executeLimitOffset"));
    }

    @Test
    @Tag("queries")
    void aJoinAcrossShards() {
        assertEquals("[\"1:1\",\"2:2\",\"3:3\",\"4:4\",\"5:5\"]", value("join"));
    }

    @Test
    @Tag("commands")
    void multipleStatementsAnswerEachStatement() {
        assertEquals("[\"1 true mysql2-multi@ids\",[\"1 alice@domain.com\",\"4 dan@domain.com\"],\"1\"]", value("multipleStatements"),
                "the insert's id, the select's rows, the update's count");
    }

    @Test
    @Tag("commands")
    void multipleStatementsStopAtTheFirstErrorAndKeepWhatRanBefore() {
        assertEquals("\"1054 50010\"", value("multipleStatementsStopAtAnError"));
    }

    @Test
    @Tag("commands")
    void withoutMultipleStatementsSeveralAreRefusedAsMariaDbRefusesThem() {
        assertEquals("\"1064 42000 You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version"
                + " for the right syntax to use near 'select 2' at line 1\"", value("notMultipleStatements"));
    }

    @Test
    @Tag("commands")
    void changeUserResetsTheSessionAndChecksThePassword() {
        assertEquals("\"null customer dan@domain.com\"", value("changeUser"), "the user variable is gone after the reset");
        assertEquals("\"1045 28000\"", value("changeUserWithAWrongPassword"));
    }

    @Test
    @Tag("metadata")
    void theInfoOfAnUpdateIsReadAsMariaDbWroteIt() {
        assertEquals("[\"Rows matched: 1  Changed: 1  Warnings: 0|1\",\"Rows matched: 1  Changed: 1  Warnings: 0|1\","
                + "\"Rows matched: 1  Changed: 0  Warnings: 0|0\"]", value("updateInfo"));
    }
}
