package io.shardops.reconciler.git;

/**
 * Where the watcher keeps its {@link WatchRecord} across restarts. The etcd implementation lives with
 * the topology store ({@code /shardops/<cluster>/reconciler/...}); {@link FileWatchState} serves a
 * watcher without a cluster (--dry-run) and tests.
 */
public interface WatchState {
    /** The last record saved, or {@link WatchRecord#NONE}. */
    WatchRecord load();

    /** Persists the record durably before returning: the watcher acts on the assumption that it did. */
    void save(WatchRecord record);
}
