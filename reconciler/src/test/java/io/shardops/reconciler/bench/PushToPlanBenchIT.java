package io.shardops.reconciler.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.spec.load.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `shardops bench gitops` relies on: push-to-applied ends with each pushed change applied to a real etcd. */
class PushToPlanBenchIT {
    @TempDir
    Path dir;

    @Test
    void pushToAppliedMeasuresEveryPushUntilTheWatcherAppliedIt() throws Exception {
        List<String> lines = new ArrayList<>();
        PushToPlanBench.Result r = new PushToPlanBench(Path.of("unused.yaml"), dir, lines::add).runApplied(1, 3);
        assertEquals(3, r.latencies().size());
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertTrue(lines.stream().allMatch(l -> l.contains("1 step")), "each push is a one-step change:\n" + String.join("\n", lines));
    }

    @Test
    void theAppliedSpecIsValidAndAlternates() throws Exception {
        for (int n : new int[] {0, 1}) {
            Path file = Files.writeString(dir.resolve("cluster-" + n + ".yaml"), PushToPlanBench.appliedSpec(n));
            var loaded = SpecLoader.load(file);
            assertTrue(loaded.isValid(), loaded.problems().toString());
        }
        assertTrue(PushToPlanBench.appliedSpec(1).contains("binary_md5"));
        assertTrue(!PushToPlanBench.appliedSpec(2).contains("binary_md5"));
    }
}
