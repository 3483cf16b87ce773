/**
 * One apply: {@link io.shardops.reconciler.apply.Reconcile} plans a spec against the live topology (or takes
 * a saved plan), the {@link io.shardops.reconciler.apply.Executor} runs its steps in order under the
 * cluster's etcd lock, records progress under {@code /shardops/<cluster>/reconciler/runs/<id>}, resumes an
 * interrupted run after its last completed step, retries only steps whose handler says they are safe to
 * redo, and stops before steps the policy gates unless approved.
 *
 * <p>{@link io.shardops.reconciler.apply.StepDispatch} names the handler of each step kind in one exhaustive
 * switch: {@code apply.topology} for topology records, {@code tablets} for tablets and schema,
 * {@code apply.move} for moves. {@link io.shardops.reconciler.apply.Executor#run} returns a
 * {@link io.shardops.reconciler.apply.RunOutcome}; {@link io.shardops.reconciler.apply.OutcomeText} says it
 * to a person, the same from every caller.
 */
package io.shardops.reconciler.apply;
