package io.shardops.dataplane.mysqlctl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How one tablet's MariaDB server runs. Everything the server writes lives under {@code tabletDir}.
 *
 * @param serverId   MariaDB {@code server_id}; the tablet uid
 * @param tabletDir  the tablet's directory: {@code data/} (datadir), {@code mysqld.err}, {@code mysqld.pid}
 * @param port       TCP port on 127.0.0.1 (and on the network's host address)
 * @param readOnly   start with {@code read_only=1}; everything but a primary is read-only
 * @param binaryLog  write a binary log (always, except while building the template)
 * @param extraArgs  more {@code --name=value} server options, appended last so they win
 * @param appDatabase the only database the app account may use; null: none (the template)
 * @param network    where it listens besides 127.0.0.1 and whom its accounts admit ({@link MysqldNetwork#LOOPBACK} by default)
 */
public record MysqldConfig(int serverId, Path tabletDir, int port, boolean readOnly, boolean binaryLog, List<String> extraArgs,
                           String appDatabase, MysqldNetwork network) {
    /** Unix sockets are limited to 108 bytes; longer paths move the socket to the temp dir. */
    private static final int MAX_SOCKET_PATH = 100;

    public MysqldConfig {
        if (serverId < 1) {
            throw new IllegalArgumentException("server id must be positive, got " + serverId);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        tabletDir = tabletDir.toAbsolutePath().normalize();
        extraArgs = List.copyOf(extraArgs);
        network = network == null ? MysqldNetwork.LOOPBACK : network;
    }

    public MysqldConfig(int serverId, Path tabletDir, int port, boolean readOnly, boolean binaryLog, List<String> extraArgs,
                        String appDatabase) {
        this(serverId, tabletDir, port, readOnly, binaryLog, extraArgs, appDatabase, MysqldNetwork.LOOPBACK);
    }

    /** A tablet's server: binary log on, read-only until the tablet manager makes it primary. */
    public static MysqldConfig forTablet(int tabletUid, Path tabletDir, int port) {
        return new MysqldConfig(tabletUid, tabletDir, port, true, true, List.of(), null);
    }

    public MysqldConfig withExtraArgs(List<String> args) {
        return new MysqldConfig(serverId, tabletDir, port, readOnly, binaryLog, args, appDatabase, network);
    }

    /** The keyspace's database, the only one the app account is granted. */
    public MysqldConfig withAppDatabase(String database) {
        return new MysqldConfig(serverId, tabletDir, port, readOnly, binaryLog, extraArgs, database, network);
    }

    /** Listen on {@code n}'s host address too, and admit the cluster's accounts from its peer network. */
    public MysqldConfig withNetwork(MysqldNetwork n) {
        return new MysqldConfig(serverId, tabletDir, port, readOnly, binaryLog, extraArgs, appDatabase, n);
    }

    public Path dataDir() {
        return tabletDir.resolve("data");
    }

    /** The server's stdout and stderr, where MariaDB writes its error log when none is configured. */
    public Path errorLog() {
        return tabletDir.resolve("mysqld.err");
    }

    public Path pidFile() {
        return tabletDir.resolve("mysqld.pid");
    }

    /** The statements the server runs at start ({@link MysqlInitFile}); written before and removed after each start. */
    public Path initFile() {
        return tabletDir.resolve("init.sql");
    }

    /** The only directory {@code LOAD DATA INFILE} and {@code SELECT ... INTO OUTFILE} may use. */
    public Path secureFileDir() {
        return tabletDir.resolve("files");
    }

    public Path socket() {
        Path s = tabletDir.resolve("mysql.sock");
        if (s.toString().length() <= MAX_SOCKET_PATH) {
            return s;
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "shardops-mysql-" + port + ".sock");
    }

    /**
     * The server's command line after the binary. {@code --no-defaults} must come first.
     *
     * @param osUser the user the server becomes ({@link MysqlOsUser#forServer}); empty: the current user
     */
    public List<String> serverArgs(Optional<String> osUser) {
        List<String> a = new ArrayList<>();
        a.add("--no-defaults");
        osUser.ifPresent(u -> a.add("--user=" + u));
        a.add("--datadir=" + dataDir());
        a.add("--init-file=" + initFile());
        a.add("--secure-file-priv=" + secureFileDir());
        a.add("--local-infile=OFF");
        a.add("--port=" + port);
        a.add("--bind-address=" + network.bindAddresses());
        a.add("--socket=" + socket());
        a.add("--pid-file=" + pidFile());
        a.add("--server-id=" + serverId);
        if (binaryLog) {
            // Names relative to the datadir, so they do not depend on the host name.
            a.add("--log-bin=bin");
            a.add("--log-bin-index=bin.index");
            a.add("--relay-log=relay-bin");
            a.add("--relay-log-index=relay-bin.index");
            a.add("--binlog-format=ROW");
            a.add("--binlog-row-image=FULL");
            // A replica keeps every transaction in its own binlog, so it can become primary.
            a.add("--log-slave-updates=ON");
            a.add("--gtid-domain-id=0");
            a.add("--gtid-strict-mode=ON");
            // A replica applying with one thread waits for one commit's flush at a time and fell 17 s behind a
            // primary taking 1,000 writes/s on two cores; optimistic parallel apply groups those commits.
            a.add("--slave-parallel-threads=4");
            a.add("--slave-parallel-mode=optimistic");
        } else {
            a.add("--skip-log-bin");
        }
        a.add("--read-only=" + (readOnly ? "ON" : "OFF"));
        a.add("--character-set-server=utf8mb4");
        a.add("--collation-server=utf8mb4_general_ci");
        a.add("--innodb-buffer-pool-size=16M");
        a.add("--innodb-log-file-size=" + TemplateDataDir.REDO_LOG_SIZE);
        a.add("--innodb-temp-data-file-path=ibtmp1:1M:autoextend");
        a.add("--performance-schema=OFF");
        a.add("--skip-name-resolve");
        a.add("--max-allowed-packet=64M");
        a.add("--max-connections=500");
        a.addAll(extraArgs);
        return a;
    }
}
