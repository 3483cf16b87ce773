package io.shardops.planner.topology;

/** Where a tablet is in its life: started, serving queries, up but not serving, or stopped. */
public enum TabletState {
    STARTING,
    SERVING,
    NOT_SERVING,
    STOPPED
}
