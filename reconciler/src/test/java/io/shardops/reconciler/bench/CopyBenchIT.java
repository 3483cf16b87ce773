package io.shardops.reconciler.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shardops bench copy} runs end to end on a small table; its figures are not checked (the machine is shared). */
class CopyBenchIT {
    @TempDir
    Path dir;

    @Test
    void theCopyBenchCopiesEveryRowBothWaysAndPrintsEachRoundAndTheMedian() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        double ratio = CopyBench.run(dir, 2_000, 1, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(ratio > 0, out);
        assertTrue(out.contains("round 1: snapshot copy 2,000 rows in "), out);
        assertEquals(1, out.lines().filter(l -> l.startsWith("snapshot copy / mysqldump|mysql, median of 1: ")).count(), out);
    }
}
