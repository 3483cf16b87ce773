/**
 * The topology store: shardops's live state in etcd.
 *
 * <p>{@link io.shardops.reconciler.topo.TopoStore} is the narrow key-value interface (get, create,
 * compare-and-swap {@code update}, list, watch, lease lock); {@link io.shardops.reconciler.topo.EtcdTopoStore}
 * implements it on etcd v3 and passes the contract suite {@code TopoStoreContract}.
 *
 * <p>On top of it, the typed layer maps the planner's records ({@code io.shardops.planner.topology})
 * to one JSON value per key, at the layout of {@link io.shardops.reconciler.topo.TopologyKeys}:
 * <pre>
 * /shardops/&lt;cluster&gt;/global/cells/&lt;cell&gt;/CellInfo
 * /shardops/&lt;cluster&gt;/global/keyspaces/&lt;ks&gt;/Keyspace
 * /shardops/&lt;cluster&gt;/global/keyspaces/&lt;ks&gt;/VSchema
 * /shardops/&lt;cluster&gt;/global/keyspaces/&lt;ks&gt;/shards/&lt;shard&gt;/Shard
 * /shardops/&lt;cluster&gt;/global/keyspaces/&lt;ks&gt;/shards/&lt;shard&gt;/Schema
 * /shardops/&lt;cluster&gt;/global/keyspaces/&lt;target ks&gt;/workflows/&lt;name&gt;
 * /shardops/&lt;cluster&gt;/cells/&lt;cell&gt;/tablets/&lt;alias&gt;
 * /shardops/&lt;cluster&gt;/cells/&lt;cell&gt;/SrvKeyspace/&lt;ks&gt;
 * /shardops/&lt;cluster&gt;/reconciler/state         (applied commit, current run)
 * /shardops/&lt;cluster&gt;/reconciler/lock          (lease lock guarding apply)
 * /shardops/&lt;cluster&gt;/reconciler/runs/&lt;id&gt;     (progress of one apply run)
 * /shardops/&lt;cluster&gt;/reconciler/plans/&lt;id&gt;    (the plan that run executes, planner.render.PlanJson)
 * /shardops/&lt;cluster&gt;/reconciler/approvals/&lt;id&gt;/&lt;step&gt;   (an approval of one gated step)
 * /shardops/&lt;cluster&gt;/reconciler/watch/&lt;branch&gt;/&lt;path hash&gt;/state     (the watcher's record)
 * /shardops/&lt;cluster&gt;/reconciler/watch/&lt;branch&gt;/&lt;path hash&gt;/history   (the commits it processed)
 * </pre>
 * Shard names ({@code -80}, {@code 80-}, {@code 0}) appear in keys as they are.
 *
 * <p>JSON conventions ({@link io.shardops.reconciler.topo.TopologyJson}): camelCase field names,
 * every field always written (empty list, empty string or null rather than missing), fields in a fixed
 * order so equal records give equal text; tablet types, tablet states and workflow stages as lowercase
 * words ({@code rdonly}, {@code not-serving}, {@code running}); key ranges as
 * {@code {"start":"","end":"80"}} in lowercase hex. Readers ignore fields they do not know, so a
 * field can be added without breaking older readers.
 *
 * <p>The watcher's keys ({@code shardops watch}, {@code io.shardops.reconciler.gitops.watch.EtcdWatchState}):
 * {@code state} is {@code {"lastSeenCommit","lastGoodCommit","lastAppliedCommit","outcome","planSummary","detail",
 * "errors":[..],"pendingApproval","pendingStep","runId","at","branch","path"}} with commits as {@code {"id","subject","author","time"}}
 * and {@code outcome} one of {@code applied}, {@code no-changes}, {@code dry-run}, {@code waiting-for-approval},
 * {@code refused}, {@code failed}; {@code history} is {@code {"entries":[{"commit","author","message","outcome",
 * "runId","planSummary","at"}, ...]}}, newest first, at most 100, one entry per commit ({@code outcome}
 * {@code drift-corrected} for a self-heal of drift). The path hash is the first 12 hex digits of the SHA-256 of
 * the spec path in the repository ({@code .} for its root).
 *
 * <p>{@link io.shardops.reconciler.topo.EtcdTopologySource} reads a whole cluster in one etcd read
 * at one revision, with every key's mod revision (what a saved plan checks for staleness);
 * {@link io.shardops.reconciler.topo.TopologyWriter} is what the apply executor writes through.
 */
package io.shardops.reconciler.topo;
