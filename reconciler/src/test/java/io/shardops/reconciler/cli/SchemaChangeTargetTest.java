package io.shardops.reconciler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code shardops revert} and {@code confirm} take their table, etcd and cluster the same way (one mixin). */
class SchemaChangeTargetTest {
    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ShardopsCommand());
        cli.setUsageHelpWidth(1000);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        int exit = cli.execute(args);
        return new String[] {String.valueOf(exit), out.toString(), err.toString()};
    }

    @Test
    void eachCommandsHelpNamesItsOwnActionAndTheSharedOptions() {
        for (String command : List.of("revert", "confirm")) {
            String help = run(command, "--help")[1];
            assertTrue(help.contains("The table whose schema change to " + command + ", e.g. commerce.product."), help);
            for (String option : List.of("KEYSPACE.TABLE", "--etcd", "--credentials", "--state-dir", "--cluster")) {
                assertTrue(help.contains(option), command + " --help lacks " + option + ":\n" + help);
            }
        }
    }

    @Test
    void aTableWithoutItsKeyspaceIsRefusedBeforeAnyEtcdIsAsked() {
        for (String command : List.of("revert", "confirm")) {
            String[] r = run(command, "product", "--etcd", "http://127.0.0.1:1");
            assertEquals("1", r[0], r[2]);
            assertTrue(r[2].contains("name the table as KEYSPACE.TABLE (e.g. commerce.product), not 'product'"), r[2]);
        }
    }

    @Test
    void aClusterNamedIsTakenAsGiven() {
        SchemaChangeTarget t = new SchemaChangeTarget();
        new CommandLine(t).parseArgs("commerce.product", "--cluster", " shop ");
        assertEquals("shop", t.live.clusterName(null), "named: the store is not asked");
        assertEquals(List.of("commerce", "product"), List.of(t.table()));
    }
}
