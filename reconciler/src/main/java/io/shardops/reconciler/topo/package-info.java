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
 * <p>{@link io.shardops.reconciler.topo.EtcdTopologySource} reads a whole cluster in one etcd read
 * at one revision, with every key's mod revision (what a saved plan checks for staleness);
 * {@link io.shardops.reconciler.topo.TopologyWriter} is what the apply executor writes through.
 */
package io.shardops.reconciler.topo;
