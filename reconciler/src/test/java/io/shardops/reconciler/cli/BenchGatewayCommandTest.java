package io.shardops.reconciler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.reconciler.bench.Sysbench;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code shardops bench gateway}'s bounds: refused before anything starts. The measured run itself is a command, not a test. */
class BenchGatewayCommandTest {
    private record Run(int exit, String out, String err) {}

    private static Run bench(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ShardopsCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        String[] full = new String[args.length + 2];
        full[0] = "bench";
        full[1] = "gateway";
        System.arraycopy(args, 0, full, 2, args.length);
        return new Run(cli.execute(full), out.toString(), err.toString());
    }

    @Test
    void everyOutOfBoundsOptionIsNamedAtOnce() {
        Run r = bench("--time", "121", "--threads", "0", "--table-size", "0", "--warmup", "-1");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--time must be 1..120 seconds, got 121"), r.err());
        assertTrue(r.err().contains("--threads must be 1..256, got 0"), r.err());
        assertTrue(r.err().contains("--table-size must be 1..1000000, got 0"), r.err());
        assertTrue(r.err().contains("--warmup must be 0..120 seconds, got -1"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void unknownPsModeIsAUsageError() {
        Run r = bench("--ps-mode", "sometimes");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("auto, disable"), r.err());
    }

    @Test
    void defaultsAreTheDocumentedLoad() {
        BenchGatewayCommand c = new BenchGatewayCommand();
        new CommandLine(c).parseArgs();
        assertEquals(new Sysbench.Load(8, 10, 10_000, true), c.load());
        new CommandLine(c).parseArgs("--time", "120", "--ps-mode", "disable", "--threads", "256");
        assertEquals(new Sysbench.Load(256, 120, 10_000, false), c.load());
    }

    @Test
    void listedUnderBench() {
        Run r = bench("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("--ps-mode"), r.out());
        assertTrue(r.out().contains("--format"), r.out());
    }
}
