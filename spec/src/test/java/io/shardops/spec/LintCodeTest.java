package io.shardops.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LintCodeTest {
    private static final Path SCHEMA = Path.of(System.getProperty("repo.root", "..")).resolve("schemas/cluster.schema.json");

    @Test
    void theJsonSchemaListsExactlyTheLintCodes() throws IOException {
        JsonNode lint = new ObjectMapper().readTree(SCHEMA.toFile()).path("$defs").path("policy").path("properties").path("lint").path("properties");
        List<String> inSchema = new ArrayList<>();
        lint.fieldNames().forEachRemaining(inSchema::add);
        assertEquals(Arrays.stream(LintCode.values()).map(LintCode::code).toList(), inSchema);
    }

    @Test
    void aCodeTheSpecDoesNotNameKeepsItsDefaultAndOffSilencesIt() {
        LintPolicy policy = new LintPolicy(Map.of(LintCode.COLUMN_DROPPED, LintPolicy.Level.ERROR, LintCode.COLUMN_RENAMED, LintPolicy.Level.OFF));
        assertEquals(Optional.of(Severity.ERROR), policy.severity(LintCode.COLUMN_DROPPED));
        assertEquals(Optional.empty(), policy.severity(LintCode.COLUMN_RENAMED));
        assertEquals(Optional.of(Severity.WARNING), policy.severity(LintCode.TABLE_DROPPED));
        assertEquals(Optional.of(Severity.ERROR), policy.severity(LintCode.FOREIGN_KEY_CROSS_SHARD));
    }

    @Test
    void aProblemReadsAsBeforeAndAWarningSaysSo() {
        SourceLocation at = new SourceLocation("spec.yaml", 3, 5);
        assertEquals("spec.yaml:3:5: error: bad\n    hint: fix it", Problem.at(at, "x", "bad", "fix it").render());
        assertEquals("spec.yaml:3:5: warning: meh", new Problem(at, "x", "meh", "", Severity.WARNING).render());
        assertEquals("<unknown>:0:0: error: no place", new Problem(null, "x", "no place", null).render());
    }
}
