package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.vindex.HashVindex;
import io.shardops.spec.key.KeyRange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The client suite's cluster at the journey's final layout (examples/phases/308_final.yaml, brought up
 * directly), with the journey's rows, and what the checks ask of it: where a customer id belongs, which
 * ids each shard holds, and the {@code mysql} CLI.
 */
record FinalCluster(LiveCluster live) {
    static final List<String> SHARDS = List.of("-80", "80-");
    /**
     * What the suite adds to the gateway of phase 308 so it offers TLS with a self-signed certificate, as
     * MariaDB Connector/J 4 needs at its defaults.
     */
    static final String GATEWAY_TLS = ", tls: {selfSigned: true}";
    /**
     * The suite's gateway checks passwords (auth static), as a deployment's does: {@code root} with no password,
     * which every client uses, and {@code app} with {@link #APP_PASSWORD}, for COM_CHANGE_USER's checks.
     */
    static final String GATEWAY_USERS = "{\"root\": [{\"Password\": \"\"}], \"app\": [{\"Password\": \"" + FinalCluster.APP_PASSWORD + "\"}]}";
    static final String APP_PASSWORD = "app-pa55";

    static FinalCluster up(Path tmp, int port) throws Exception {
        LiveCluster live = LiveCluster.withSpecs(ClientsIT.ROOT.resolve("examples/phases"), tmp.resolve("spec"), tmp.resolve("state"), port);
        Path spec = live.spec("308_final");
        Files.writeString(spec.resolveSibling("gateway-users.json"), GATEWAY_USERS);
        Files.writeString(spec, Files.readString(spec)
                .replace("auth: {type: none}}", "auth: {type: static, usersFile: gateway-users.json}" + GATEWAY_TLS + "}"));
        long t0 = System.nanoTime();
        live.run("up", "308_final");
        FinalCluster c = new FinalCluster(live);
        Cli load = c.mysqlCli(null, ClientsIT.resource("data.sql"));
        assertEquals(0, load.exit(), "the suite's data loads through the gateway: " + load.out());
        System.out.printf("CLIENTS cluster at 308 with its data in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        return c;
    }

    int port() {
        return live.port();
    }

    /** The shard of keyspace customer that holds {@code customerId}, by the hash vindex. */
    static String shardOf(long customerId) {
        for (String s : SHARDS) {
            if (KeyRange.parse(s).orElseThrow().contains(HashVindex.hash(customerId))) {
                return s;
            }
        }
        throw new IllegalStateException("no shard for " + customerId);
    }

    /** The ids {@code column} of {@code table} takes on each shard of keyspace customer, read with {@code use customer/SHARD}. */
    Map<String, Set<Long>> idsByShard(String table, String column, String where) throws SQLException {
        Map<String, Set<Long>> out = new TreeMap<>();
        for (String s : SHARDS) {
            out.put(s, live.ids("customer/" + s, "select " + column + " from " + table + " where " + where));
        }
        return out;
    }

    /** Asserts that customer {@code id} is on exactly the shard its keyspace id says. */
    void assertOnItsShard(long id) throws SQLException {
        Map<String, Set<Long>> where = idsByShard("customer", "customer_id", "customer_id = " + id);
        String home = shardOf(id);
        for (String s : SHARDS) {
            assertEquals(s.equals(home), where.get(s).contains(id), "customer " + id + " belongs on customer/" + home + " only; found: " + where);
        }
    }

    record Cli(int exit, String out) {
        /** The output's lines past the header, columns split at tabs (the CLI's batch format). */
        List<List<String>> rows() {
            List<List<String>> rows = new ArrayList<>();
            List<String> lines = out.lines().toList();
            for (int i = 1; i < lines.size(); i++) {
                rows.add(List.of(lines.get(i).split("\t", -1)));
            }
            return rows;
        }

        Cli ok() {
            assertEquals(0, exit, "mysql exited " + exit + ": " + out);
            return this;
        }
    }

    /** {@code mysql [DATABASE] ARGS < input} against the gateway (batch mode: tab-separated, one header line). */
    Cli mysqlCli(String database, Path input, String... args) throws Exception {
        return client(input, command("mysql", database, args));
    }

    /** {@code mysql [DATABASE] ARGS -e SQL}. */
    Cli mysqlCli(String database, String sql, String... args) throws Exception {
        List<String> cmd = command("mysql", database, args);
        cmd.add("-e");
        cmd.add(sql);
        return client(null, cmd);
    }

    List<String> command(String program, String database, String... args) {
        List<String> cmd = new ArrayList<>(List.of(program, "-h", "127.0.0.1", "-P", Integer.toString(port()), "-u", "root"));
        cmd.addAll(List.of(args));
        if (database != null) {
            cmd.add(database);
        }
        return cmd;
    }

    static Cli client(Path input, List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (input != null) {
            pb.redirectInput(input.toFile());
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return new Cli(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static void assertContains(String haystack, String needle) {
        assertTrue(haystack.contains(needle), "expected «" + needle + "» in:\n" + haystack);
    }
}
