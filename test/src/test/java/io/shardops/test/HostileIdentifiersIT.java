package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.dataplane.process.FreePorts;
import io.shardops.planner.topology.ShardSchema;
import io.shardops.reconciler.cli.ShardopsCommand;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.reconciler.topo.TopologyWriter;
import io.shardops.spec.schema.TableDef;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A column named {@code note int, drop column description -- } against a real local cluster. Through a
 * spec, validate, plan and apply refuse it at its file, line and column, and the live table keeps
 * every column. Given to the diff by other means (a live schema that holds such a column), the ALTER
 * that removes it quotes it as one identifier, the step is destructive and stops at the policy's
 * destroy gate, and once approved it drops that column and nothing else.
 */
class HostileIdentifiersIT {
    private static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    private static final String HOSTILE = "note int, drop column description -- ";
    /** A name MariaDB itself accepts (no trailing space) that, unquoted, would drop two real columns. */
    private static final String HOSTILE_LIVE = "price, drop column description";

    @TempDir
    static Path tmp;
    static LiveCluster cluster;

    record Run(int exit, String out) {}

    @BeforeAll
    static void up() throws Exception {
        cluster = LiveCluster.withSpecs(ROOT.resolve("examples/phases"), tmp.resolve("spec"), tmp.resolve("state"), FreePorts.one());
        String base = Files.readString(cluster.spec("101_initial_cluster"));
        Files.writeString(cluster.specDir().resolve("gated.yaml"), base + "  policy:\n    requireApproval: [destroy]\n");
        Files.writeString(cluster.specDir().resolve("hostile.yaml"), base.replace("- file: sql/product.sql",
                "- sql: create table product(sku varbinary(128), description varbinary(128), price bigint, `" + HOSTILE
                        + "` varbinary(8), primary key(sku))"));
        cluster.run("up", "101_initial_cluster");
        cluster.mysql(ROOT.resolve("examples/data/insert_commerce_data.sql"));
    }

    @AfterAll
    static void down() {
        cluster.down();
    }

    @Test
    void aHostileNameIsRefusedByValidatePlanAndApplyAndTheLiveTableKeepsItsColumns() throws Exception {
        String spec = cluster.spec("hostile").toString();
        Run validate = shardops("validate", spec);
        assertEquals(1, validate.exit(), validate.out());
        assertTrue(validate.out().matches("(?s).*hostile\\.yaml:\\d+:\\d+: error: column 'note int, drop column description -- ' of table 'product' ends with a space.*"),
                validate.out());
        Run plan = shardops("plan", spec, "--etcd", cluster.etcd(), "--credentials", cluster.credentialsFile(), "--no-color");
        assertEquals(1, plan.exit(), plan.out());
        assertTrue(plan.out().contains("nothing was planned"), plan.out());
        Run apply = shardops("apply", spec, "--state-dir", cluster.stateDir().toString(), "--auto-approve");
        assertEquals(1, apply.exit(), apply.out());
        assertTrue(apply.out().contains("nothing was applied"), apply.out());
        assertEquals(Set.of("Keyboard", "Monitor"), descriptions(), "description kept its data");
        assertEquals(List.of("sku", "description", "price"), liveColumns());
    }

    @Test
    void aHostileNameFromTheLiveSchemaIsQuotedAndItsDropIsDestructiveAndGated() throws Exception {
        // the live schema holds such a column, as drift or a hand-made change would leave it
        cluster.execOnPrimary("commerce", "0", "alter table commerce.product add column `" + HOSTILE_LIVE + "` varbinary(8)");
        try (EtcdTopoStore store = cluster.topoStore()) {
            ShardSchema live = cluster.topology().schema("commerce", "0").orElseThrow();
            List<TableDef> tables = new ArrayList<>();
            for (TableDef t : live.tables()) {
                if (t.name().equals("product")) {
                    List<TableDef.Column> cols = new ArrayList<>(t.columns());
                    cols.add(new TableDef.Column(HOSTILE_LIVE, "varbinary(8)", false, false, null));
                    t = new TableDef(t.name(), cols, t.primaryKey(), t.indexes(), t.comment(), t.createSql());
                }
                tables.add(t);
            }
            new TopologyWriter(store, LiveCluster.CLUSTER).putShardSchema(new ShardSchema("commerce", "0", tables));
        }
        assertEquals(List.of("sku", "description", "price", HOSTILE_LIVE), liveColumns());

        Path planFile = tmp.resolve("plan.json");
        Run plan = shardops("plan", cluster.spec("gated").toString(), "--etcd", cluster.etcd(), "--credentials", cluster.credentialsFile(),
                "--out", planFile.toString(), "--format", "json");
        assertEquals(0, plan.exit(), plan.out());
        JsonNode steps = new ObjectMapper().readTree(Files.readString(planFile)).path("steps");
        List<JsonNode> schemaSteps = new ArrayList<>();
        steps.forEach(s -> {
            if ("schema-change".equals(s.path("kind").asText())) {  // a live table's ALTER runs online (docs/schema-changes.md)
                schemaSteps.add(s);
            }
        });
        assertEquals(1, schemaSteps.size(), steps.toPrettyString());
        JsonNode step = schemaSteps.get(0);
        assertEquals("alter table `product` drop column `price, drop column description`", step.path("alter").asText(), step.toPrettyString());
        assertTrue(step.path("destructive").asBoolean(), "dropping a column is destructive: " + step);

        Run gated = shardops("apply", planFile.toString(), "--state-dir", cluster.stateDir().toString());
        assertEquals(1, gated.exit(), gated.out());
        assertTrue(gated.out().contains("the policy requires approval for destroy"), gated.out());
        assertEquals(List.of("sku", "description", "price", HOSTILE_LIVE), liveColumns(), "nothing ran before the approval");

        Run approved = shardops("apply", planFile.toString(), "--state-dir", cluster.stateDir().toString(), "--approve", "destroy");
        assertEquals(0, approved.exit(), approved.out());
        assertEquals(List.of("sku", "description", "price"), liveColumns(), "exactly the hostile column was dropped");
        assertEquals(Set.of("Keyboard", "Monitor"), descriptions());
    }

    private static Set<String> descriptions() throws Exception {
        Set<String> out = new TreeSet<>();
        try (Connection c = cluster.connect("commerce"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select description from product")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The live columns of commerce.product on the shard's primary, in order. */
    private static List<String> liveColumns() throws Exception {
        var t = cluster.topology();
        var primary = t.tablets().get(t.shard("commerce", "0").orElseThrow().primaryAlias());
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + primary.mysqlPort()
                        + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true",
                MysqlAccounts.ADMIN_USER, cluster.credentials().mysqlAccounts().adminPassword());
                var ps = c.prepareStatement("select column_name from information_schema.columns where table_schema = 'commerce'"
                        + " and table_name = 'product' order by ordinal_position")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static Run shardops(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrintStream both = new PrintStream(out, true, StandardCharsets.UTF_8);
            System.setOut(both);
            System.setErr(both);
            int code = ShardopsCommand.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.out.println("$ shardops " + String.join(" ", args) + "\n" + out.toString(StandardCharsets.UTF_8));
        }
    }
}
