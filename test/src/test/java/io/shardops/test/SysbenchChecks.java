package io.shardops.test;

import static io.shardops.test.FinalCluster.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** sysbench oltp_read_write through the gateway, short and bounded, on a table set of its own in keyspace commerce. */
abstract class SysbenchChecks {
    static List<String> sysbench(String command, String... extra) {
        List<String> cmd = new ArrayList<>(List.of("sysbench", "oltp_read_write", "--mysql-host=127.0.0.1",
                "--mysql-port=" + ClientsIT.cluster().port(), "--mysql-user=root", "--mysql-password=", "--mysql-db=commerce",
                "--tables=1", "--table-size=1000"));
        cmd.addAll(List.of(extra));
        cmd.add(command);
        return cmd;
    }

    @Test
    void oltpReadWriteRunsWithoutErrors() throws Exception {
        try {
            FinalCluster.Cli prepare = FinalCluster.client(null, sysbench("prepare"));
            assertEquals(0, prepare.exit(), prepare.out());
            FinalCluster.Cli run = FinalCluster.client(null, sysbench("run", "--threads=2", "--time=5", "--events=0"));
            System.out.println("CLIENTS sysbench:\n" + run.out());
            assertEquals(0, run.exit(), run.out());
            // sysbench retries deadlocks itself ("ignored errors", as against MariaDB directly); any other error ends the run
            Matcher transactions = Pattern.compile("transactions:\\s+(\\d+)").matcher(run.out());
            assertTrue(transactions.find() && Long.parseLong(transactions.group(1)) > 0, "sysbench ran transactions:\n" + run.out());
            assertContains(run.out(), "reconnects:                          0");
        } finally {
            FinalCluster.client(null, sysbench("cleanup"));
        }
    }
}
