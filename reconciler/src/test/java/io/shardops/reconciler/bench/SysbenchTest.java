package io.shardops.reconciler.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** sysbench 1.0.20's command line and closing report. */
class SysbenchTest {
    /** The tail of a real {@code oltp_point_select run} against MariaDB on this machine kind. */
    static final String REPORT = """
            SQL statistics:
                queries performed:
                    read:                            92524
                    write:                           0
                    other:                           0
                    total:                           92524
                transactions:                        92524  (18443.90 per sec.)
                queries:                             92524  (18443.90 per sec.)
                ignored errors:                      3      (0.60 per sec.)
                reconnects:                          0      (0.00 per sec.)

            General statistics:
                total time:                          5.0147s
                total number of events:              92524

            Latency (ms):
                     min:                                    0.03
                     avg:                                    0.43
                     max:                                  125.22
                     95th percentile:                        0.69
                     sum:                                39975.74
            """;

    @Test
    void readsQueriesPerSecondNotTransactionsAndTheP95() {
        assertEquals(Optional.of(new Sysbench.Measurement(92524, 18443.90, 0.69, 92524, 0, 3)), Sysbench.parse(REPORT));
    }

    @Test
    void aRunThatStoppedEarlyHasNoFigures() {
        String failed = "FATAL: mysql_stmt_execute() returned error 2014 (Commands out of sync)\nFATAL: `thread_run' function failed\n";
        assertEquals(Optional.empty(), Sysbench.parse(failed));
        assertEquals("mysql_stmt_execute() returned error 2014 (Commands out of sync)", Sysbench.firstError(failed));
    }

    @Test
    void runAndPrepareShareTheTableAndPsMode() {
        Sysbench.Endpoint at = new Sysbench.Endpoint(3306, "u", "p", "sbtest");
        Sysbench.Load load = new Sysbench.Load(8, 10, 500, false);
        List<String> run = Sysbench.command("oltp_read_write", "run", at, load);
        assertEquals(List.of("/usr/bin/sysbench", "oltp_read_write", "--db-driver=mysql", "--mysql-host=127.0.0.1", "--mysql-port=3306",
                "--mysql-user=u", "--mysql-password=p", "--mysql-db=sbtest", "--tables=1", "--table-size=500", "--db-ps-mode=disable",
                "--threads=8", "--time=10", "--percentile=95", "run"), run);
        List<String> prepare = Sysbench.command("oltp_read_write", "prepare", at, load);
        assertTrue(prepare.contains("--table-size=500") && !prepare.contains("--threads=8"), prepare.toString());
        assertEquals("prepare", prepare.get(prepare.size() - 1));
    }
}
