package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.tablet.TabletStatus;
import io.shardops.dataplane.vindex.HashVindex;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.WorkflowKind;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.spec.TabletType;
import io.shardops.spec.key.KeyRange;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** What the end-to-end tests check after a move, as a user would: where rows are, and that no write was lost. */
final class MoveChecks {
    private MoveChecks() {}

    /**
     * The customer ids on each shard of keyspace customer ({@code where} narrows them), asserted to be on
     * the shard their keyspace id says and on no other.
     */
    static Map<String, Set<Long>> customersByShard(LiveCluster c, List<String> shards, String where) throws SQLException {
        Map<String, Set<Long>> byShard = new TreeMap<>();
        for (String shard : shards) {
            byShard.put(shard, c.ids("customer/" + shard, "select customer_id from customer where " + where));
        }
        List<Long> everywhere = new ArrayList<>();
        byShard.values().forEach(everywhere::addAll);
        Collections.sort(everywhere);
        assertEquals(new ArrayList<>(new TreeSet<>(everywhere)), everywhere, "no customer row is on two shards");
        for (Map.Entry<String, Set<Long>> e : byShard.entrySet()) {
            KeyRange range = KeyRange.parse(e.getKey()).orElseThrow();
            for (long id : e.getValue()) {
                assertTrue(range.contains(HashVindex.hash(id)), "customer " + id + " is on " + e.getKey() + " but its keyspace id is not");
            }
        }
        return byShard;
    }

    /** Every write the client saw acknowledged is present, and nothing else of the client's (a refused write is not applied). */
    static void assertExactlyTheAcknowledged(WritingClient client, Set<Long> present) {
        Set<Long> missing = new TreeSet<>(client.acked);
        missing.removeAll(present);
        assertEquals(Set.of(), missing, "acknowledged customers that are gone");
        Set<Long> extra = new TreeSet<>(present);
        extra.removeAll(client.acked);
        assertEquals(Set.of(), extra, "customers present whose write the client saw fail");
    }

    /**
     * Applies {@code spec} in a process of its own and kills it (SIGKILL) at the primary switch of
     * {@code workflow} once the source said it stopped taking writes; then checks that this is where it
     * stopped: the source primary refuses writes (not serving, or the moved tables denied) and routing
     * still names the source.
     */
    static void killApplyOnceSourceStoppedWrites(LiveCluster c, String spec, String workflow, Duration timeout) throws Exception {
        try (ApplyProcess apply = ApplyProcess.start(c, spec)) {
            boolean reached = apply.awaitLine(l -> l.contains("primary switch of " + workflow + ": source") && l.contains("stopped writes"), timeout);
            apply.kill();
            assertTrue(reached, "apply " + spec + " reached the primary switch of " + workflow + ":\n" + apply.output());
        }
        Topology t = c.topology();
        WorkflowRecord w = t.workflow(workflow).orElseThrow();
        assertFalse(w.switched(TabletType.PRIMARY), "the kill came before routing switched: " + w.switchedTabletTypes());
        for (String shard : w.sourceShards()) {
            var primary = t.tablets().get(t.shard(w.sourceKeyspace(), shard).orElseThrow().primaryAlias());
            TabletStatus s = c.tablets().of(primary).status();
            if (w.kind() == WorkflowKind.MOVE_TABLES) {
                assertTrue(s.deniedTables().containsAll(w.tables()), "source " + primary.alias() + " denies the moved tables: " + s.deniedTables());
            } else {
                assertFalse(s.serving(), "source " + primary.alias() + " stopped serving");
            }
        }
    }
}
