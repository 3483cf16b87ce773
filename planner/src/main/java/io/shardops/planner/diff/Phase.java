package io.shardops.planner.diff;

/**
 * One phase of a plan: adds its steps after those of the phases before it, so every dependency points
 * backwards. {@link PlanBuilder} keeps the order.
 */
interface Phase {
    void addSteps(PlanState plan);
}
