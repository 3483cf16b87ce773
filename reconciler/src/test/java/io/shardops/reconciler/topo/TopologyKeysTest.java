package io.shardops.reconciler.topo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TopologyKeysTest {
    private final TopologyKeys keys = new TopologyKeys("demo");

    @Test
    void layoutMatchesTheArchitecturePage() {
        assertEquals("/shardops/demo/global/keyspaces/customer/Keyspace", keys.keyspace("customer"));
        assertEquals("/shardops/demo/global/keyspaces/customer/VSchema", keys.vschema("customer"));
        assertEquals("/shardops/demo/global/keyspaces/customer/shards/-80/Shard", keys.shard("customer", "-80"));
        assertEquals("/shardops/demo/global/keyspaces/customer/shards/80-/Schema", keys.shardSchema("customer", "80-"));
        assertEquals("/shardops/demo/global/keyspaces/customer/workflows/customer-vsplit", keys.workflow("customer", "customer-vsplit"));
        assertEquals("/shardops/demo/cells/zone1/tablets/zone1-0000000100", keys.tablet("zone1", "zone1-0000000100"));
        assertEquals("/shardops/demo/cells/zone1/SrvKeyspace/commerce", keys.srvKeyspace("zone1", "commerce"));
        assertEquals("/shardops/demo/reconciler/lock", keys.lock());
        assertEquals("/shardops/demo/reconciler/runs/r1", keys.run("r1"));
    }

    @Test
    void everyKeyParsesBackToWhatItNames() {
        assertEquals(Optional.of(new TopologyKeys.ShardKey("customer", "-80")), keys.parse(keys.shard("customer", "-80")));
        assertEquals(Optional.of(new TopologyKeys.ShardSchemaKey("customer", "0")), keys.parse(keys.shardSchema("customer", "0")));
        assertEquals(Optional.of(new TopologyKeys.ShardFailoversKey("customer", "0")), keys.parse(keys.shardFailovers("customer", "0")));
        assertEquals(Optional.of(new TopologyKeys.KeyspaceKey("commerce")), keys.parse(keys.keyspace("commerce")));
        assertEquals(Optional.of(new TopologyKeys.VSchemaKey("commerce")), keys.parse(keys.vschema("commerce")));
        assertEquals(Optional.of(new TopologyKeys.WorkflowKey("customer", "w")), keys.parse(keys.workflow("customer", "w")));
        assertEquals(Optional.of(new TopologyKeys.TabletKey("zone1", "zone1-0000000100")), keys.parse(keys.tablet("zone1", "zone1-0000000100")));
        assertEquals(Optional.of(new TopologyKeys.SrvKeyspaceKey("zone1", "commerce")), keys.parse(keys.srvKeyspace("zone1", "commerce")));
        assertEquals(Optional.of(new TopologyKeys.CellInfoKey("zone1")), keys.parse(keys.cellInfo("zone1")));
        assertEquals(Optional.of(new TopologyKeys.ReconcilerStateKey()), keys.parse(keys.reconcilerState()));
        assertEquals(Optional.of(new TopologyKeys.ReconcilerKey("runs/r1")), keys.parse(keys.run("r1")));
    }

    @Test
    void keysOutsideTheLayoutOrClusterAreNotParsed() {
        assertTrue(keys.parse("/shardops/other/global/keyspaces/x/Keyspace").isEmpty());
        assertTrue(keys.parse("/shardops/demo/global/keyspaces/x/Unknown").isEmpty());
        assertTrue(keys.parse("/shardops/demo/cells/zone1/tablets").isEmpty());
    }

    @Test
    void aClusterNameWithASlashIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TopologyKeys("a/b"));
        assertThrows(IllegalArgumentException.class, () -> new TopologyKeys(" "));
    }
}
