package io.shardops.reconciler.bench;

import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.reconciler.host.local.LocalCluster;
import io.shardops.reconciler.host.local.StateDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code shardops bench schema-change}: one table of N rows on a local cluster, a client writing at a steady rate
 * through the gateway, and two column type changes MariaDB 10.11 can only do by copying (int → bigint), one run
 * {@code direct} and one {@code online}, then a revert of the online one. The baseline (direct) runs in the same run.
 */
public final class SchemaChangeBench {
    static final String TABLE_V1 = "create table t(id bigint not null, k int, c varbinary(120), pad varbinary(60), v int not null default 0, primary key(id))";
    static final String TABLE_V2 = TABLE_V1.replace("k int", "k bigint");
    static final String TABLE_V3 = TABLE_V2.replace("v int not null", "v bigint not null");
    static final int CLIENTS = 8;
    static final int MAX_WRITES = 2_000_000;

    /** How the bench runs shardops (in-process, from the CLI). */
    public interface Shardops {
        void up(Path spec, Path stateDir);

        void apply(Path spec, Path stateDir);

        void revert(String table, Path stateDir);
    }

    public record Options(long rows, int writesPerSecond, int gatewayPort) {}

    /** One change (or the revert) while the client wrote: how long it took, what the client saw. */
    public record Phase(String name, long millis, long acknowledged, long errors, String firstError, long longestGapMillis, long lost) {
        String line() {
            return String.format("%-8s %8d ms   client: %d writes acknowledged, %d error(s), longest gap between acknowledged writes %d ms, %d acknowledged row(s) missing%s",
                    name, millis, acknowledged, errors, longestGapMillis, lost, errors > 0 ? " (first error: " + firstError + ")" : "");
        }
    }

    public record Report(long rows, int writesPerSecond, Phase direct, Phase online, Phase revert) {
        public String text() {
            return "bench schema-change: table of " + rows + " rows, a client writing " + writesPerSecond + " rows/s through the gateway;"
                    + " int -> bigint, which MariaDB 10.11 can only do by copying\n"
                    + direct.line() + "\n" + online.line() + "\n" + revert.line() + "\n"
                    + String.format("online took %.2fx the direct ALTER's time%n", online.millis / (double) Math.max(1, direct.millis));
        }

        public String json() {
            return "{\"rows\":" + rows + ",\"writesPerSecond\":" + writesPerSecond + ",\"phases\":[" + json(direct) + "," + json(online) + "," + json(revert) + "]}";
        }

        private static String json(Phase p) {
            return "{\"name\":\"" + p.name + "\",\"millis\":" + p.millis + ",\"acknowledged\":" + p.acknowledged + ",\"errors\":" + p.errors
                    + ",\"longestGapMillis\":" + p.longestGapMillis + ",\"lost\":" + p.lost + "}";
        }
    }

    private final BenchCluster cluster;
    private final Shardops shardops;
    private final Consumer<String> progress;
    private ClusterCredentials credentials;

    public SchemaChangeBench(BenchCluster cluster, Shardops shardops, Consumer<String> progress) {
        this.cluster = cluster;
        this.shardops = shardops;
        this.progress = progress;
    }

    public Report run(Options o) throws Exception {
        Path v1 = spec(o, "v1", TABLE_V1, "direct");
        shardops.up(v1, cluster.stateDir());
        credentials = LocalCluster.readCredentials(new StateDir(cluster.stateDir()));
        int mysqld = cluster.ports(MoveBench.KEYSPACE).mysqld();
        progress.accept("loading " + o.rows() + " rows");
        load(mysqld, o.rows());
        long firstId = o.rows() + 1;

        progress.accept("direct: alter table t modify k bigint, a client writing " + o.writesPerSecond() + " rows/s");
        GatewayWriter writer = new GatewayWriter(o.gatewayPort(), firstId, o.writesPerSecond(), CLIENTS, MAX_WRITES);
        Path v2 = spec(o, "v2", TABLE_V2, "direct");
        Phase direct = measure("direct", writer, mysqld, () -> shardops.apply(v2, cluster.stateDir()));

        progress.accept("online: alter table t modify v bigint, a client writing " + o.writesPerSecond() + " rows/s");
        writer = new GatewayWriter(o.gatewayPort(), writer.nextId() + 1000, o.writesPerSecond(), CLIENTS, MAX_WRITES);
        Path v3 = spec(o, "v3", TABLE_V3, "online");
        Phase online = measure("online", writer, mysqld, () -> shardops.apply(v3, cluster.stateDir()));

        progress.accept("revert of the online change");
        writer = new GatewayWriter(o.gatewayPort(), writer.nextId() + 1000, o.writesPerSecond(), CLIENTS, MAX_WRITES);
        Phase revert = measure("revert", writer, mysqld, () -> shardops.revert(MoveBench.KEYSPACE + ".t", cluster.stateDir()));
        return new Report(o.rows(), o.writesPerSecond(), direct, online, revert);
    }

    /** Runs {@code change} with the writer running from a second before to a second after it. */
    private Phase measure(String name, GatewayWriter writer, int mysqld, Runnable change) throws Exception {
        long first = writer.nextId();
        writer.start();
        Thread.sleep(1000);
        long t0 = System.nanoTime();
        change.run();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        Thread.sleep(1000);
        writer.stop();
        Set<Long> present = ids(mysqld, first, writer.nextId());
        long lost = 0;
        for (long id = first; id < writer.nextId(); id++) {
            if (writer.ackedAt(id) != 0 && !present.contains(id)) {
                lost++;
            }
        }
        return new Phase(name, millis, writer.acknowledged(), writer.errors(), writer.firstError(), writer.longestGapMillis(), lost);
    }

    private Path spec(Options o, String name, String table, String strategy) throws IOException {
        String spec = BenchCluster.spec(o.gatewayPort(), "{replica: 1, rdonly: 0}", """
                    - name: %s
                      schemaChanges: {strategy: %s}
                      shards:
                        - name: "0"
                      schema:
                        - sql: "%s"
                      vschema:
                        tables:
                          t: {}
                """.formatted(MoveBench.KEYSPACE, strategy, table));
        Path file = cluster.work().resolve("bench-schema-change-" + name + ".yaml");
        Files.writeString(file, spec, StandardCharsets.UTF_8);
        return file;
    }

    private Connection direct(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/" + MoveBench.KEYSPACE
                + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=5000&socketTimeout=600000",
                MysqlAccounts.ADMIN_USER, credentials.mysqlAccounts().adminPassword());
    }

    private void load(int port, long rows) throws SQLException {
        try (Connection c = direct(port); Statement st = c.createStatement()) {
            for (long from = 1; from <= rows; from += 100_000) {
                long to = Math.min(rows, from + 99_999);
                st.executeUpdate("insert into t select seq, seq * 7, repeat('x', 100), repeat('y', 50), seq % 1000 from seq_" + from + "_to_" + to);
            }
        }
    }

    private Set<Long> ids(int port, long from, long to) throws SQLException {
        Set<Long> out = new HashSet<>();
        try (Connection c = direct(port); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select id from t where id >= " + from + " and id < " + to)) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }
}
