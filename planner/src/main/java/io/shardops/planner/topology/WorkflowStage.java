package io.shardops.planner.topology;

/**
 * How far a data move has gone, in order. Traffic switches are recorded apart, in
 * {@link WorkflowRecord#switchedTabletTypes()}.
 */
public enum WorkflowStage {
    /** Target shards exist with the schema copied; no rows copied yet. */
    PREPARED,
    /** The snapshot copy runs. */
    COPYING,
    /** The copy is done; the binlog streams keep the target caught up. */
    RUNNING,
    /** A diff of source and target found no difference while the streams ran. */
    VERIFIED,
    /** The source was cleaned up; the workflow is kept as history. */
    COMPLETED;

    public boolean atLeast(WorkflowStage other) {
        return compareTo(other) >= 0;
    }
}
