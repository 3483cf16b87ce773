/**
 * Renderers of a {@link io.shardops.planner.plan.Plan}: terminal text like terraform's, the versioned JSON
 * form (also the saved plan file), and Markdown for pull requests. They read the same value and decide nothing.
 */
package io.shardops.planner.render;
