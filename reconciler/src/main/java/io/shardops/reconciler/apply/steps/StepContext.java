package io.shardops.reconciler.apply.steps;

import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.topo.EtcdTopologySource;
import io.shardops.reconciler.topo.TopologyWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a step handler gets: the cluster's topology to read and write, the run it belongs to, and the
 * cells to keep serving records in besides those the topology already knows.
 */
public record StepContext(String cluster, String runId, TopologyWriter writer, List<String> extraCells) {
    public StepContext {
        extraCells = List.copyOf(extraCells);
    }

    /** A fresh consistent read of the cluster's topology. */
    public Topology topology() {
        return new EtcdTopologySource(writer.store()).read(cluster);
    }

    /** The cells whose SrvKeyspace records a step keeps current. */
    public List<String> cells(Topology t) {
        Set<String> out = new LinkedHashSet<>(t.cells());
        out.addAll(extraCells);
        return List.copyOf(out);
    }
}
