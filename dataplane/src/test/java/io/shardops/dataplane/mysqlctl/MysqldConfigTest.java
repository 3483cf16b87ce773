package io.shardops.dataplane.mysqlctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MysqldConfigTest {
    @Test
    void aTabletServerHasReplicationSettingsAndStartsReadOnly() {
        List<String> args = MysqldConfig.forTablet(101, Path.of("/tmp/t101"), 17101).serverArgs(Optional.of(MysqlOsUser.NAME));
        assertEquals("--no-defaults", args.get(0), "--no-defaults must come first or MariaDB ignores it");
        assertTrue(args.contains("--user=shardops-mysql"));
        assertFalse(args.contains("--user=root"), "mariadbd never runs as root");
        assertTrue(args.containsAll(List.of("--secure-file-priv=/tmp/t101/files", "--init-file=/tmp/t101/init.sql",
                "--local-infile=OFF")), args.toString());
        assertTrue(args.containsAll(List.of("--server-id=101", "--port=17101", "--bind-address=127.0.0.1", "--log-bin=bin",
                "--binlog-format=ROW", "--binlog-row-image=FULL", "--log-slave-updates=ON", "--gtid-strict-mode=ON",
                "--read-only=ON", "--performance-schema=OFF", "--skip-name-resolve", "--datadir=/tmp/t101/data")), args.toString());
        assertTrue(MysqldConfig.forTablet(101, Path.of("/tmp/t101"), 17101).serverArgs(Optional.empty()).stream()
                .noneMatch(a -> a.startsWith("--user=")));
    }

    @Test
    void extraArgumentsComeLastSoTheyWin() {
        List<String> args = MysqldConfig.forTablet(7, Path.of("/tmp/x"), 3306).withExtraArgs(List.of("--innodb-buffer-pool-size=64M")).serverArgs(Optional.empty());
        assertEquals("--innodb-buffer-pool-size=64M", args.get(args.size() - 1));
    }

    @Test
    void longTabletPathsMoveTheSocketToTheTempDir() {
        Path deep = Path.of("/tmp/" + "d".repeat(120));
        assertTrue(MysqldConfig.forTablet(7, deep, 3306).socket().toString().length() < 108);
        assertThrows(IllegalArgumentException.class, () -> MysqldConfig.forTablet(0, deep, 3306));
    }
}
