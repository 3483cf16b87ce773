/**
 * The data-plane half of MoveTables and Reshard, a class per step ({@link io.shardops.reconciler.apply.steps.move.Moves}
 * lists them), reaching tablets only through their tablet managers.
 */
package io.shardops.reconciler.apply.steps.move;
