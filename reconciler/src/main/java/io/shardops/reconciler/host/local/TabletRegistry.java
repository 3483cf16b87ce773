package io.shardops.reconciler.host.local;

import io.shardops.dataplane.tablet.PrimaryGate;
import io.shardops.planner.topology.TabletRecord;

/** Where a tablet announces itself: its record under {@code cells/<cell>/tablets/<alias>} in the topology. */
interface TabletRegistry {
    /** Writes the tablet's record (created or replaced). */
    void register(TabletRecord record);

    /** Removes the record of a tablet that no longer runs (surplus, or its shard removed). */
    void deregister(String cell, String alias);

    /** Whether a tablet that was primary may take writes again: the topology still names it its shard's primary. */
    default PrimaryGate primaryGate() {
        return PrimaryGate.ALWAYS;
    }

    /** A registry that records nothing, for a node without a topology server. */
    TabletRegistry NONE = new TabletRegistry() {
        @Override
        public void register(TabletRecord record) {}

        @Override
        public void deregister(String cell, String alias) {}
    };
}
