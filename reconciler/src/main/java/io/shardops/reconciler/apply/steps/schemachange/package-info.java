/**
 * Online schema changes as a workflow: {@code schema-change} (instant or in-place when MariaDB accepts it, else a
 * shadow table copied and following the binlog), {@code schema-cutover} (the swap under buffering, a reverse stream
 * started for revert), {@code shardops revert}, and the record in etcd that apply, status and a resumed apply read.
 * See docs/schema-changes.md.
 */
package io.shardops.reconciler.apply.steps.schemachange;
