package io.shardops.reconciler.gitops.watch;

import io.shardops.reconciler.topo.TopoStore;
import io.shardops.reconciler.topo.TopologyKeys;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The watcher's {@link WatchState} beside the cluster it applies to, at
 * {@code /shardops/<cluster>/reconciler/watch/<branch>/<path hash>/{state,history}} (see the topo package
 * summary for the JSON): a watcher restarted anywhere with the same etcd continues where the last one stopped.
 */
public final class EtcdWatchState implements WatchState {
    private final TopoStore store;
    private final String stateKey;
    private final String historyKey;
    private final String branch;
    private final String specPath;

    public EtcdWatchState(TopoStore store, String cluster, String branch, String specPath) {
        TopologyKeys keys = new TopologyKeys(cluster);
        this.store = store;
        this.stateKey = keys.watchState(branch, specPath);
        this.historyKey = keys.watchHistory(branch, specPath);
        this.branch = branch;
        this.specPath = specPath;
    }

    public String stateKey() {
        return stateKey;
    }

    @Override
    public WatchRecord load() {
        return store.get(stateKey).map(v -> {
            try {
                return WatchRecord.fromJson(new JsonObject(v.value()));
            } catch (DecodeException | DateTimeParseException | IllegalArgumentException | ClassCastException e) {
                throw new IllegalStateException(stateKey + ": the watcher's state is unreadable (" + e.getMessage()
                        + "); delete the key (etcdctl del " + stateKey + ") to start over, which re-plans the branch head");
            }
        }).orElse(WatchRecord.NONE);
    }

    @Override
    public void save(WatchRecord record) {
        String json = record.toJson().put("branch", branch).put("path", specPath.isEmpty() ? "." : specPath).encode();
        store.update(stateKey, old -> Optional.of(json));
    }

    @Override
    public WatchHistory history() {
        return store.get(historyKey).map(v -> {
            try {
                return WatchHistory.fromJson(new JsonObject(v.value()));
            } catch (DecodeException | DateTimeParseException | ClassCastException e) {
                return WatchHistory.EMPTY; // display only: an unreadable history starts again
            }
        }).orElse(WatchHistory.EMPTY);
    }

    @Override
    public void saveHistory(WatchHistory history) {
        String json = history.toJson().encode();
        store.update(historyKey, old -> Optional.of(json));
    }
}
