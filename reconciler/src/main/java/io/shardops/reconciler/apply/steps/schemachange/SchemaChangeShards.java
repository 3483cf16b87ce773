package io.shardops.reconciler.apply.steps.schemachange;

import io.shardops.dataplane.tablet.StreamSpec;
import io.shardops.dataplane.tablet.StreamStatus;
import io.shardops.dataplane.tablet.TabletManager;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.TabletState;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every stage of a schema change asks of the shards: their primaries (a change runs there only), the names of
 * its tables and streams, and the two streams' specs. Kept in one place so the change, the cut-over, the revert and
 * the drop agree on which stream fills which table.
 */
final class SchemaChangeShards {
    private SchemaChangeShards() {
    }

    /** The change's names; a table whose names would not fit MariaDB's limit fails the step rather than the JVM. */
    static SchemaChangeNames names(String keyspace, String table) throws StepException {
        try {
            return new SchemaChangeNames(keyspace, table);
        } catch (IllegalArgumentException e) {
            throw new StepException(e.getMessage());
        }
    }

    /** Each shard's running primary, by shard name, in the step's order. */
    static Map<String, TabletRecord> primaries(Topology t, String keyspace, List<String> shards) throws StepException {
        Map<String, TabletRecord> out = new LinkedHashMap<>();
        for (String shard : shards) {
            TabletRecord p = t.shard(keyspace, shard).map(s -> s.primaryAlias()).map(alias -> t.tablets().get(alias))
                    .filter(r -> r.state() == TabletState.SERVING || r.state() == TabletState.NOT_SERVING)
                    .orElseThrow(() -> new StepException("shard " + keyspace + "/" + shard + " has no running primary; a schema change runs on the primaries"));
            out.put(shard, p);
        }
        return out;
    }

    /** The forward stream: the table's rows and binlog into the shadow, which becomes the new table at the cut-over. */
    static StreamSpec forward(SchemaChangeNames names, TabletRecord primary) {
        return new StreamSpec(names.forwardStream(), primary.hostname(), primary.mysqlPort(), names.keyspace(),
                List.of(StreamSpec.Table.allRowsInto(names.table(), names.shadow())));
    }

    /** The reverse stream: after the cut-over the old table follows the new one, so a revert loses no write. */
    static StreamSpec reverse(SchemaChangeNames names, TabletRecord primary) {
        return new StreamSpec(names.reverseStream(), primary.hostname(), primary.mysqlPort(), names.keyspace(),
                List.of(StreamSpec.Table.allRowsInto(names.table(), names.old())));
    }

    static Optional<StreamStatus> stream(TabletManager m, String workflow) {
        return m.streams().stream().filter(s -> s.workflow().equals(workflow)).findFirst();
    }

    /** Whether every primary already swapped the shadow in: no shadow table left, an old table there. */
    static boolean swapped(TabletManagers managers, SchemaChangeNames names, Map<String, TabletRecord> primaries) {
        for (TabletRecord p : primaries.values()) {
            TabletManager m = managers.of(p);
            if (!m.schema(List.of(names.shadow())).isEmpty() || m.schema(List.of(names.old())).isEmpty()) {
                return false;
            }
        }
        return true;
    }
}
