package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.process.FreePorts;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shardops demo} as a user runs it, up to the primary switch of the vertical split: every phase is a
 * commit the watcher applies to a real local cluster, the gated switch waits until the demo approves it,
 * and the reference's queries answer as the reference shows.
 */
class DemoIT {
    private static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();

    @TempDir
    static Path tmp;

    @AfterAll
    static void purge() throws Exception {
        LocalClusterUpIT.shardops("down", "--purge", "--state-dir", tmp.resolve("demo").toString());
    }

    @Test
    void eachPhaseIsACommitTheWatcherAppliesAndTheGatedSwitchWaitsForItsApproval() throws Exception {
        int port = FreePorts.one();
        LocalClusterUpIT.Run demo = LocalClusterUpIT.shardops("demo", "--examples", ROOT.resolve("examples").toString(),
                "--state-dir", tmp.resolve("demo").toString(), "--port", String.valueOf(port), "--until", "205");
        String out = demo.out();
        assertEquals(0, demo.exit(), out);
        long applied = Arrays.stream(out.split("\n")).filter(l -> l.matches("watch: [0-9a-f]{12}: applied: .*")).count();
        assertEquals(6, applied, "101, 201, 202, 203, 204 and 205 each applied by the watcher:\n" + out);
        assertTrue(out.contains("watch:   waiting for approval: shardops approve run-"), out);
        assertTrue(out.contains("approving step 1 (switch-primary)"), out);
        assertTrue(out.contains("charlie@domain.com"), "the commerce data is served after 101:\n" + out);
        assertTrue(out.contains("disallowed due to rule: enforce denied tables"), "after 205 commerce refuses the moved tables:\n" + out);
        assertTrue(out.contains("Journey done in "), out);
    }
}
