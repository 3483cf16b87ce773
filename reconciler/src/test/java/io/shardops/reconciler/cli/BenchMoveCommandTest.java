package io.shardops.reconciler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.reconciler.bench.MoveBenchReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code shardops bench move}'s bounds (refused before anything starts) and how its report reads. */
class BenchMoveCommandTest {
    @Test
    void everyOutOfBoundsOptionIsNamedAtOnce() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ShardopsCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        int exit = cli.execute("bench", "move", "--rows", "0", "--write-rate", "-1", "--lag-seconds", "301");
        assertEquals(2, exit);
        assertTrue(err.toString().contains("--rows must be 1..10000000, got 0"), err.toString());
        assertTrue(err.toString().contains("--write-rate must be 0..10000 writes per second, got -1"), err.toString());
        assertTrue(err.toString().contains("--lag-seconds must be 1..300, got 301"), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void theReportSaysWhichGoalsAreMet() {
        MoveBenchReport r = new MoveBenchReport("setup", 1.0, 2.0, new MoveBenchReport.Copy(1000, 0, new MoveBenchReport.Timing(1000, 1.5),
                new MoveBenchReport.Timing(800, 1.0), new MoveBenchReport.Timing(1000, 2.0)),
                new MoveBenchReport.CatchUp(0, 0, 0, 0, 0, 0, 0, 0), new MoveBenchReport.PrimarySwitch(4, 500, 0, 400, 2000, ""), 1500, 1500);
        String text = r.text();
        assertTrue(text.contains("ratio                          0.90 (goal 0.8: met)"), text);
        assertTrue(text.contains("0.8 s before (load 1.0) and 1.0 s after the copy (load 2.0) = 1,111 rows/s"), text);
        assertTrue(text.contains("500 writes on 4 connections, 0 client error(s), longest gap between acknowledged writes 400 ms"), text);
        assertTrue(text.contains("goal < 1000 ms and 0 errors: met"), text);
        assertTrue(!text.contains("MISMATCH") && !text.contains("catch-up"), text);
        assertTrue(r.json().contains("\"rowsOnTargets\" : 1500"), r.json());
    }
}
