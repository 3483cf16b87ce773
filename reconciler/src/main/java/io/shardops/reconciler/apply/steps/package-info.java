/**
 * What a step handler is given and may throw: the {@link io.shardops.reconciler.apply.steps.StepContext}
 * (the cluster's topology to read and write), the {@link io.shardops.reconciler.apply.steps.StepHandler}
 * contract, and {@link io.shardops.reconciler.apply.steps.StepException} for a step that cannot succeed as
 * things are. The handlers (topology, tablets, move) depend on this package and nothing of the executor.
 */
package io.shardops.reconciler.apply.steps;
