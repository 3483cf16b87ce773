package io.shardops.reconciler.failover;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardops.reconciler.topo.TopoStore;
import io.shardops.reconciler.topo.TopologyKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A shard's failover record in etcd, {@code global/keyspaces/<ks>/shards/<shard>/Failovers}: the last
 * {@link #KEPT} events and the former primaries kept out because of errant transactions.
 */
public final class FailoverLog {
    static final int KEPT = 50;
    /** The event of a {@code needs-rebuild} tablet replaced by a fresh one: it leaves the list. */
    public static final String REBUILT = "rebuilt";
    /** A tablet whose manager stayed silent for the monitor's lost-after time (its host gone): replaced like needs-rebuild. */
    public static final String LOST = "lost";
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The record. */
    public record ShardFailovers(List<FailoverEvent> history, List<String> needsRebuild) {
        public ShardFailovers {
            history = history == null ? List.of() : List.copyOf(history);
            needsRebuild = needsRebuild == null ? List.of() : List.copyOf(needsRebuild);
        }

        static final ShardFailovers EMPTY = new ShardFailovers(List.of(), List.of());
    }

    private final TopoStore store;
    private final TopologyKeys keys;

    public FailoverLog(TopoStore store, String cluster) {
        this.store = store;
        this.keys = new TopologyKeys(cluster);
    }

    public String key(String keyspace, String shard) {
        return keys.shardDir(keyspace, shard) + "Failovers";
    }

    public ShardFailovers read(String keyspace, String shard) {
        return store.get(key(keyspace, shard)).map(v -> decode(v.value())).orElse(ShardFailovers.EMPTY);
    }

    /**
     * Appends {@code event}; a {@code needs-rebuild} or {@code lost} event also puts its tablet on the list, a {@code rejoined}
     * or {@code rebuilt} one (the tablet was replaced by a fresh one, docs/ha.md, Replacing a lost tablet) takes it off.
     */
    public void record(String keyspace, String shard, FailoverEvent event) {
        store.update(key(keyspace, shard), before -> {
            ShardFailovers f = before.map(FailoverLog::decode).orElse(ShardFailovers.EMPTY);
            List<FailoverEvent> history = new ArrayList<>(f.history());
            history.add(event);
            while (history.size() > KEPT) {
                history.remove(0);
            }
            TreeSet<String> rebuild = new TreeSet<>(f.needsRebuild());
            if (event.kind().equals("needs-rebuild") || event.kind().equals(LOST)) {
                rebuild.add(event.oldPrimary());
            } else if (event.kind().equals("rejoined") || event.kind().equals(REBUILT)) {
                rebuild.remove(event.oldPrimary());
            }
            return Optional.of(encode(new ShardFailovers(history, List.copyOf(rebuild))));
        });
    }

    static ShardFailovers decode(String json) {
        try {
            return JSON.readValue(json, ShardFailovers.class);
        } catch (JsonProcessingException e) {
            return ShardFailovers.EMPTY;  // an unreadable record is replaced by the next event, never fatal
        }
    }

    static String encode(ShardFailovers f) {
        try {
            return JSON.writeValueAsString(f);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
