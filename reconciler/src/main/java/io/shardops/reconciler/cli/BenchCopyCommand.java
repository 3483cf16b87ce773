package io.shardops.reconciler.cli;

import io.shardops.dataplane.files.FileTrees;
import io.shardops.reconciler.bench.CopyBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shardops bench copy}: the snapshot copy of a move against mysqldump | mysql of the same rows, two MariaDB servers and nothing else. */
@Command(name = "copy", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Start two throwaway MariaDB servers, load one table of --rows rows into the first, and copy it into the second with the"
                    + " snapshot copy a move's streams use and with mysqldump | mysql, alternating, after one unmeasured pass of each.",
            "Prints each round and the median ratio of their rates (goal 0.8). Everything started is stopped and the temp dir removed."
        })
public final class BenchCopyCommand implements Callable<Integer> {
    static final int MAX_ROWS = 10_000_000;

    @Option(names = "--rows", defaultValue = "50000", description = "Rows in the copied table (default ${DEFAULT-VALUE}, 1.." + MAX_ROWS + ").")
    int rows;

    @Option(names = "--rounds", defaultValue = "3", description = "Measured rounds; the median is reported (default ${DEFAULT-VALUE}, 1..15).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        if (rows < 1 || rows > MAX_ROWS || rounds < 1 || rounds > 15) {
            throw new UserException("--rows must be between 1 and " + MAX_ROWS + " and --rounds between 1 and 15", 2);
        }
        Path dir = Files.createTempDirectory("shardops-bench-copy-");
        try {
            CopyBench.run(dir, rows, rounds, System.out);
        } finally {
            FileTrees.deleteRecursively(dir);
        }
        return 0;
    }
}
