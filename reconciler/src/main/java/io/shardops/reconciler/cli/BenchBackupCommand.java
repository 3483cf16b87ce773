package io.shardops.reconciler.cli;

import io.shardops.dataplane.files.FileTrees;
import io.shardops.reconciler.bench.BackupBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shardops bench backup}: shardops' backup, restore and seeded replica against mariadb-backup run directly, same run. */
@Command(name = "backup", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Start throwaway MariaDB servers, load one table of --rows rows, and measure on the same server: the backup shardops takes"
                    + " (mariadb-backup stream, zstd, checksum, manifest), through a pipe and staged in a file on the tablet's disk,"
                    + " against mariadb-backup --backup into a directory (ratios, goal 0.9);"
                    + " the restore into a new server against --prepare + --copy-back; a new replica from the backup against one"
                    + " replicating everything from empty.",
            "Everything started is stopped and the temp dir removed."
        })
public final class BenchBackupCommand implements Callable<Integer> {
    static final int MAX_ROWS = 20_000_000;

    @Option(names = "--rows", defaultValue = "1000000", description = "Rows in the shard's table (default ${DEFAULT-VALUE}, 1.." + MAX_ROWS + ").")
    int rows;

    @Option(names = "--rounds", defaultValue = "3", description = "Measured backup rounds after one warm-up; the median is reported (default ${DEFAULT-VALUE}, 1..15).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        if (rows < 1 || rows > MAX_ROWS || rounds < 1 || rounds > 15) {
            throw new UserException("--rows must be between 1 and " + MAX_ROWS + " and --rounds between 1 and 15", 2);
        }
        Path dir = Files.createTempDirectory("shardops-bench-backup-");
        try {
            BackupBench.run(dir, rows, rounds, System.out);
        } finally {
            FileTrees.deleteRecursively(dir);
        }
        return 0;
    }
}
