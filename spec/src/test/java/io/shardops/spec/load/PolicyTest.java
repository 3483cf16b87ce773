package io.shardops.spec.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.spec.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** policy: the approval gates, and selfHeal, which the watcher reads to correct drift. */
class PolicyTest {
    @TempDir
    Path dir;

    private Policy policyOf(String policyYaml) throws Exception {
        String phase = Files.readString(ExamplesValidateTest.repo().resolve("examples/phases/101_initial_cluster.yaml"));
        Path spec = dir.resolve("cluster.yaml");
        Files.createDirectories(dir.resolve("sql"));
        try (var sql = Files.list(ExamplesValidateTest.repo().resolve("examples/phases/sql"))) {
            for (Path f : sql.toList()) {
                Files.copy(f, dir.resolve("sql").resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(spec, phase.stripTrailing() + "\n" + policyYaml);
        LoadResult r = SpecLoader.load(spec);
        assertTrue(r.isValid(), () -> r.problems().toString());
        return r.cluster().orElseThrow().policy();
    }

    @Test
    void selfHealIsOffUnlessTheSpecSaysSo() throws Exception {
        Policy gates = policyOf("  policy:\n    requireApproval: [destroy]\n");
        assertEquals(Set.of("destroy"), gates.requireApproval());
        assertFalse(gates.selfHeal());
        assertTrue(policyOf("  policy:\n    selfHeal: true\n").selfHeal());
    }
}
