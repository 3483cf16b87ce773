/**
 * The apply executor: runs a {@link io.shardops.planner.plan.Plan}'s steps in order under the
 * cluster's etcd lock, records progress under {@code /shardops/<cluster>/reconciler/runs/<id>}, resumes
 * an interrupted run after its last completed step, retries only steps whose handler says they are safe
 * to redo, and stops before steps the policy gates unless approved.
 *
 * <p>Each step kind is run by a {@link io.shardops.reconciler.apply.StepHandler};
 * {@link io.shardops.reconciler.apply.TopologySteps} implements the kinds that only change topology
 * records. The data plane's handlers (tablets, schema, copy) plug into
 * {@link io.shardops.reconciler.apply.StepHandlers}. {@link io.shardops.reconciler.apply.Executor#run}
 * returns a {@link io.shardops.reconciler.apply.RunOutcome}; callers (CLI, watcher) act on it.
 */
package io.shardops.reconciler.apply;
