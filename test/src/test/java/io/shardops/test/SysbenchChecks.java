package io.shardops.test;

import static io.shardops.test.FinalCluster.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
            assertContains(run.out(), "transactions:");
            Matcher errors = Pattern.compile("errors:\\s+(\\d+)").matcher(run.out());
            assertContains(run.out(), "errors:");
            errors.find();
            assertEquals("0", errors.group(1), "sysbench saw no errors:\n" + run.out());
        } finally {
            FinalCluster.client(null, sysbench("cleanup"));
        }
    }
}
