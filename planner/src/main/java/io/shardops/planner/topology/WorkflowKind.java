package io.shardops.planner.topology;

/** The two kinds of data move. */
public enum WorkflowKind {
    MOVE_TABLES,
    RESHARD;

    public String word() {
        return this == MOVE_TABLES ? "MoveTables" : "Reshard";
    }
}
