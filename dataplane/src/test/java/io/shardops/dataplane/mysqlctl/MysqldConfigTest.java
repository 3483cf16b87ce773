package io.shardops.dataplane.mysqlctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MysqldConfigTest {
    @Test
    void aTabletServerHasReplicationSettingsAndStartsReadOnly() {
        List<String> args = MysqldConfig.forTablet(101, Path.of("/tmp/t101"), 17101).serverArgs(true);
        assertEquals("--no-defaults", args.get(0), "--no-defaults must come first or MariaDB ignores it");
        assertTrue(args.contains("--user=root"));
        assertTrue(args.containsAll(List.of("--server-id=101", "--port=17101", "--bind-address=127.0.0.1", "--log-bin=bin",
                "--binlog-format=ROW", "--binlog-row-image=FULL", "--log-slave-updates=ON", "--gtid-strict-mode=ON",
                "--read-only=ON", "--performance-schema=OFF", "--skip-name-resolve", "--datadir=/tmp/t101/data")), args.toString());
        assertFalse(MysqldConfig.forTablet(101, Path.of("/tmp/t101"), 17101).serverArgs(false).contains("--user=root"));
    }

    @Test
    void extraArgumentsComeLastSoTheyWin() {
        List<String> args = MysqldConfig.forTablet(7, Path.of("/tmp/x"), 3306).withExtraArgs(List.of("--innodb-buffer-pool-size=64M")).serverArgs(false);
        assertEquals("--innodb-buffer-pool-size=64M", args.get(args.size() - 1));
    }

    @Test
    void longTabletPathsMoveTheSocketToTheTempDir() {
        Path deep = Path.of("/tmp/" + "d".repeat(120));
        assertTrue(MysqldConfig.forTablet(7, deep, 3306).socket().toString().length() < 108);
        assertThrows(IllegalArgumentException.class, () -> MysqldConfig.forTablet(0, deep, 3306));
    }
}
