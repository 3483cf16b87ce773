package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardops.dataplane.process.FreePorts;
import io.shardops.dataplane.tablet.TabletStatus;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.failover.FailoverEvent;
import io.shardops.reconciler.failover.FailoverLog;
import io.shardops.reconciler.host.local.LocalCluster;
import io.shardops.reconciler.host.local.NodeApi;
import io.shardops.reconciler.host.local.StateDir;
import io.shardops.reconciler.provision.ProvisionedTablet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lost tablet is replaced (docs/replace.md). Shard commerce/0 runs a primary, two replicas and an rdonly under
 * semi-sync; its primary takes a transaction no replica received (an errant GTID) and is then replaced by a
 * failover, which keeps it out as {@code needs-rebuild}. {@code shardops apply} of the unchanged spec then replaces
 * it: the shard serves with its spec's four tablets again, the replacement replicates from the primary and holds
 * every row (and not the errant one), the needs-rebuild list is empty, and the old tablet's data is kept aside.
 * On the code before the rebuild-tablet step, apply finds nothing to do and the tablet stays kept out.
 */
class RebuildTabletIT {
    private static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ERRANT_ID = 999_999;

    @TempDir
    Path tmp;

    @Test
    void aNeedsRebuildTabletIsReplacedByACaughtUpReplicaAndTheShardServesItsSpecCountAgain() throws Exception {
        LiveCluster c = LiveCluster.withSpecs(ROOT.resolve("examples/phases"), tmp.resolve("spec"), tmp.resolve("state"), FreePorts.one());
        Files.writeString(c.specDir().resolve("ha.yaml"), Files.readString(c.spec("101_initial_cluster"))
                .replace("tabletDefaults: {replica: 2, rdonly: 1}", "tabletDefaults: {replica: 3, rdonly: 1}"));
        List<Long> stopped = new ArrayList<>();
        try {
            c.run("up", "ha");
            insert(c, 1_000, 100);

            // the primary takes a transaction no replica receives, then hangs: a failover keeps it out as needs-rebuild
            TabletRecord errant = c.primary("commerce", "0");
            Set<String> before = aliases(c.topology());
            for (TabletRecord r : c.topology().tablets().values()) {
                if (!r.alias().equals(errant.alias())) {
                    c.tablets().of(r).stopReplicationReceiving();
                }
            }
            c.adminExec(errant, "set global rpl_semi_sync_master_enabled = 0");
            c.adminExec(errant, "insert into commerce.customer(customer_id, email) values (" + ERRANT_ID + ", 'errant@example.com')");
            long pid = c.mysqldPid(errant.alias());
            LiveCluster.signal("STOP", pid);
            stopped.add(pid);
            awaitShard(c, s -> !errant.alias().equals(s.primaryAlias()), 30);
            LiveCluster.signal("CONT", pid);
            stopped.clear();
            awaitNeedsRebuild(c, errant.alias(), 30);
            insert(c, 2_000, 100);  // writes the kept-out tablet never sees
            assertTrue(c.status().contains("needs-rebuild: " + errant.alias()));

            c.run("apply", "ha");

            // the needs-rebuild list is empty; the history says what replaced it
            FailoverLog.ShardFailovers f = c.failovers("commerce", "0");
            assertEquals(List.of(), f.needsRebuild(), "the rebuilt tablet leaves the needs-rebuild list");
            FailoverEvent rebuilt = f.history().stream().filter(e -> e.kind().equals("rebuilt")).findFirst()
                    .orElseThrow(() -> new AssertionError("no rebuilt event in " + f.history()));
            assertEquals(errant.alias(), rebuilt.oldPrimary());
            assertFalse(c.status().contains("needs-rebuild:"));

            // the shard serves its spec's count again: a new tablet in place of the kept-out one
            Topology t = c.topology();
            ShardRecord shard = t.shard("commerce", "0").orElseThrow();
            TabletRecord primary = t.tablets().get(shard.primaryAlias());
            assertFalse(t.tablets().containsKey(errant.alias()), "the kept-out tablet's record is gone");
            Set<String> added = aliases(t);
            added.removeAll(before);
            assertEquals(1, added.size(), "one replacement: " + aliases(t));
            TabletRecord replacement = t.tablets().get(added.iterator().next());
            assertNotEquals(errant.uid(), replacement.uid(), "a new uid: its MariaDB's server id is not the old primary's");
            assertEquals("replica", replacement.type().word());
            JsonNode tablets = JSON.readTree(LiveCluster.output("status", "--format", "json", "--state-dir", c.stateDir().toString())).path("tablets");
            long serving = Stream.iterate(0, i -> i + 1).limit(tablets.size()).map(tablets::get)
                    .filter(n -> n.path("keyspace").asText().equals("commerce") && n.path("shard").asText().equals("0")
                            && n.path("state").asText().equals("SERVING")).count();
            assertEquals(4, serving, "shardops status: commerce/0 serves with its 3 replica + 1 rdonly tablets: " + tablets);

            // it replicates from the primary, serves, and holds every row but the errant one
            TabletStatus st = c.tablets().of(replacement).status();
            assertTrue(st.serving());
            assertTrue(st.replication().replicatesFrom(primary.hostname(), primary.mysqlPort()), "it replicates from the primary");
            assertTrue(st.replication().healthy(), st.replication().lastError());
            insert(c, 3_000, 10);
            c.tablets().of(replacement).waitForPosition(c.tablets().of(primary).replicationPosition(), Duration.ofSeconds(30));
            Set<Long> onPrimary = ids(primary, c);
            Set<Long> written = new TreeSet<>();
            for (int base : List.of(1_000, 2_000)) {
                for (long id = base; id < base + 100; id++) {
                    written.add(id);
                }
            }
            assertTrue(onPrimary.containsAll(written), "every acknowledged write is on the primary");
            assertEquals(onPrimary, ids(replacement, c), "the replacement holds every row of the primary");
            assertFalse(ids(replacement, c).contains(ERRANT_ID));
            assertEquals("1", c.adminQuery(replacement, "select @@read_only"));

            // the kept-out tablet's data is kept aside, naming its replacement
            Path aside = c.stateDir().resolve("tablets-aside");
            try (var dirs = Files.list(aside)) {
                Path kept = dirs.filter(p -> p.getFileName().toString().startsWith(errant.alias() + ".")).findFirst()
                        .orElseThrow(() -> new AssertionError("no directory of " + errant.alias() + " in " + aside));
                assertEquals(replacement.alias(), Files.readString(kept.resolve("replaced-by")).strip());
                try (var inside = Files.list(kept)) {
                    assertTrue(inside.count() > 2, "its data directory is kept, not emptied");
                }
            }

            // nothing left to do
            String plan = LiveCluster.output("plan", c.spec("ha").toString(), "--state-dir", c.stateDir().toString());
            assertFalse(plan.contains("rebuild-tablet"), plan);

            // an apply killed half-way: the node replaced a listed tablet (here the rdonly, listed by hand) and its old
            // record is gone, but nothing was caught up, served or taken off the list. The next apply finishes it.
            TabletRecord rdonly = c.topology().tablets().values().stream()
                    .filter(r -> r.keyspace().equals("commerce") && r.type().word().equals("rdonly")).findFirst().orElseThrow();
            try (var store = c.topoStore()) {
                new FailoverLog(store, LiveCluster.CLUSTER).record("commerce", "0", new FailoverEvent(Instant.now().toString(), "needs-rebuild",
                        "listed by the test", rdonly.alias(), primary.alias(), shard.term(), Map.of(), 0));
            }
            List<ProvisionedTablet> half = LocalCluster.existing(StateDir.resolve(c.stateDir())).orElseThrow().nodeClient()
                    .rebuildTablet(new NodeApi.RebuildTablet("commerce", "0", rdonly.cell(), rdonly.alias())).tablets();
            assertEquals(1, half.size());
            assertFalse(c.topology().tablets().containsKey(rdonly.alias()), "its node deregistered the replaced tablet");
            String resumed = LiveCluster.output("plan", c.spec("ha").toString(), "--state-dir", c.stateDir().toString());
            assertTrue(resumed.contains("rebuild-tablet commerce/0 " + rdonly.alias()), resumed);
            c.run("apply", "ha");
            assertEquals(List.of(), c.failovers("commerce", "0").needsRebuild());
            TabletRecord second = c.topology().tablets().get(half.get(0).alias());
            assertEquals("rdonly", second.type().word());
            TabletStatus st2 = c.tablets().of(second).status();
            assertTrue(st2.serving());
            assertTrue(st2.replication().replicatesFrom(primary.hostname(), primary.mysqlPort()));
            assertEquals(ids(primary, c), ids(second, c), "the finished replacement holds every row");
        } catch (Throwable e) {
            Path log = c.stateDir().resolve("logs").resolve("node.log");
            if (Files.exists(log)) {
                Files.readAllLines(log).stream().filter(l -> !l.contains("/tablets/ensure")).forEach(l -> System.out.println("NODE " + l));
            }
            throw e;
        } finally {
            for (long pid : stopped) {
                LiveCluster.signal("CONT", pid);
            }
            c.down();
        }
    }

    private static void insert(LiveCluster c, int from, int count) throws SQLException {
        try (Connection conn = c.connect("commerce"); Statement st = conn.createStatement()) {
            for (int id = from; id < from + count; id++) {
                st.execute("insert into customer(customer_id, email) values (" + id + ", 'c" + id + "@example.com')");
            }
        }
    }

    private static Set<String> aliases(Topology t) {
        Set<String> out = new TreeSet<>();
        t.tablets().values().stream().filter(r -> r.keyspace().equals("commerce")).forEach(r -> out.add(r.alias()));
        return out;
    }

    private static void awaitShard(LiveCluster c, Predicate<ShardRecord> p, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!p.test(c.topology().shard("commerce", "0").orElseThrow())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("commerce/0 got no new primary in " + seconds + " s");
            }
            Thread.sleep(100);
        }
    }

    private static void awaitNeedsRebuild(LiveCluster c, String alias, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!c.failovers("commerce", "0").needsRebuild().contains(alias)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(alias + " was not reported needs-rebuild in " + seconds + " s: " + c.failovers("commerce", "0").history());
            }
            Thread.sleep(100);
        }
    }

    private static Set<Long> ids(TabletRecord r, LiveCluster c) throws SQLException {
        Set<Long> out = new TreeSet<>();
        try (Connection conn = c.admin(r); Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("select customer_id from commerce.customer")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }
}
