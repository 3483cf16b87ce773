/**
 * A plan as a value: where it was computed from, the object-level changes (for the terraform-like
 * summary) and the ordered steps. Nothing here knows how a plan is shown or applied.
 */
package io.shardops.planner.plan;
