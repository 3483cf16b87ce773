package io.shardops.reconciler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code shardops explain} as a user runs it on the journey's specs. */
class ExplainCommandTest {
    private static final Path REPO = Path.of(System.getProperty("repo.root", ".."));
    private static final String FINAL = REPO.resolve("examples/phases/308_final.yaml").toString();

    private record Run(int exit, String out, String err) {}

    private static Run explain(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ShardopsCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        String[] full = new String[args.length + 1];
        full[0] = "explain";
        System.arraycopy(args, 0, full, 1, args.length);
        return new Run(cli.execute(full), out.toString(), err.toString());
    }

    @Test
    void customerIdsGoToTheShardsOfTheReference() {
        Run r = explain("--spec", FINAL, "--keyspace", "customer", "--format", "json",
                "insert into customer(customer_id, email) values (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')");
        assertEquals(0, r.exit(), r.err());
        assertEquals("[{\"keyspace\":\"customer\",\"shard\":\"-80\",\"sql\":\"INSERT INTO customer (customer_id, email) VALUES (1, 'a'), (2, 'b'), (3, 'c'), (5, 'e')\"},"
                + "{\"keyspace\":\"customer\",\"shard\":\"80-\",\"sql\":\"INSERT INTO customer (customer_id, email) VALUES (4, 'd')\"}]",
                r.out().trim());
    }

    @Test
    void pointSelectGoesToOneShardAndScatterToAll() {
        Run one = explain("--spec", FINAL, "select * from customer where customer_id = 4");
        assertEquals("customer/80-: select * from customer where customer_id = 4", one.out().trim());
        Run all = explain("--spec", FINAL, "--keyspace", "customer", "select count(*) from corder");
        assertEquals(2, all.out().trim().lines().count(), all.out());
    }

    @Test
    void sequencesShowTheirReservation() {
        Run r = explain("--spec", FINAL, "--keyspace", "customer", "insert into corder(customer_id, sku, price) values (4, 'SKU-1002', 30)");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("commerce/0: select next 1 values from order_seq"), r.out());
        assertTrue(r.out().contains("customer/80-: INSERT INTO corder (customer_id, sku, price, order_id) VALUES (4, 'SKU-1002', 30, "), r.out());
    }

    @Test
    void unsupportedStatementsAreUserErrorsWithoutStackTraces() {
        Run r = explain("--spec", FINAL, "--keyspace", "customer", "update customer set customer_id = 2 where customer_id = 1");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("error: cannot route this statement: unsupported: changing the primary vindex column"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        Run bad = explain("--spec", FINAL, "--keyspace", "nope", "select 1");
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("keyspace nope is not in the spec"), bad.err());
    }
}
