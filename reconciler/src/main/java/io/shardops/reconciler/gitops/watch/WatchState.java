package io.shardops.reconciler.gitops.watch;

/**
 * Where the watcher keeps its {@link WatchRecord} and {@link WatchHistory} across restarts.
 * {@link EtcdWatchState} keeps them beside the cluster's topology ({@code /shardops/<cluster>/reconciler/watch/...}),
 * used whenever the watcher has a cluster; {@link FileWatchState} serves a dry run without etcd, and tests.
 */
public interface WatchState {
    /** The last record saved, or {@link WatchRecord#NONE}. */
    WatchRecord load();

    /** Persists the record durably before returning: the watcher acts on the assumption that it did. */
    void save(WatchRecord record);

    /** The processed commits, newest first ({@link WatchHistory#EMPTY} at first). */
    WatchHistory history();

    /** Replaces the history; for display only, so it is written after the record it follows. */
    void saveHistory(WatchHistory history);
}
