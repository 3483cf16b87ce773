package io.shardops.dataplane.gateway;

import io.shardops.spec.Cluster;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Shard;
import io.shardops.spec.TabletType;
import io.shardops.spec.vschema.VSchema;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link RoutingSnapshot} made of values: for tests, for explain, and as a reconciler's building block. */
public final class StaticRoutingSnapshot implements RoutingSnapshot {

    /**
     * One keyspace's routing.
     *
     * @param servedFrom  per tablet type, the keyspace serving it instead (vertical split in progress)
     * @param shards      serving shards; the same for every tablet type unless {@code shardsByType} says otherwise
     * @param tablets     per shard name and tablet type, the serving tablets
     */
    public record KeyspaceRouting(String name, VSchema vschema, Map<TabletType, String> servedFrom, List<ShardRef> shards,
                                  Map<TabletType, List<ShardRef>> shardsByType,
                                  Map<String, Map<TabletType, List<TabletEndpoint>>> tablets) {
        public KeyspaceRouting {
            servedFrom = Map.copyOf(servedFrom);
            shards = List.copyOf(shards);
            shardsByType = Map.copyOf(shardsByType);
            tablets = Map.copyOf(tablets);
        }

        public static KeyspaceRouting of(String name, VSchema vschema, List<ShardRef> shards) {
            return new KeyspaceRouting(name, vschema, Map.of(), shards, Map.of(), Map.of());
        }

        /** The same keyspace with a tablet serving {@code shard} at {@code type}. */
        public KeyspaceRouting withTablet(String shard, TabletType type, TabletEndpoint tablet) {
            Map<String, Map<TabletType, List<TabletEndpoint>>> t = new LinkedHashMap<>();
            tablets.forEach((k, v) -> t.put(k, new EnumMap<>(v.isEmpty() ? Map.of(TabletType.PRIMARY, List.of()) : v)));
            Map<TabletType, List<TabletEndpoint>> byType = t.computeIfAbsent(shard, k -> new EnumMap<>(TabletType.class));
            List<TabletEndpoint> list = new ArrayList<>(byType.getOrDefault(type, List.of()));
            list.add(tablet);
            byType.put(type, List.copyOf(list));
            Map<String, Map<TabletType, List<TabletEndpoint>>> frozen = new LinkedHashMap<>();
            t.forEach((k, v) -> frozen.put(k, Map.copyOf(v)));
            return new KeyspaceRouting(name, vschema, servedFrom, shards, shardsByType, frozen);
        }

        public KeyspaceRouting withServedFrom(TabletType type, String keyspace) {
            Map<TabletType, String> m = new EnumMap<>(TabletType.class);
            m.putAll(servedFrom);
            m.put(type, keyspace);
            return new KeyspaceRouting(name, vschema, m, shards, shardsByType, tablets);
        }
    }

    private final Map<String, KeyspaceRouting> keyspaces = new LinkedHashMap<>();

    public StaticRoutingSnapshot(List<KeyspaceRouting> keyspaces) {
        for (KeyspaceRouting k : keyspaces) {
            this.keyspaces.put(k.name(), k);
        }
    }

    /** The routing a spec describes (no tablets): what {@code shardops explain} routes by. */
    public static StaticRoutingSnapshot fromSpec(Cluster cluster) {
        List<KeyspaceRouting> list = new ArrayList<>();
        for (Keyspace ks : cluster.keyspaces()) {
            List<ShardRef> shards = new ArrayList<>();
            for (Shard s : ks.shards()) {
                shards.add(new ShardRef(s.name(), s.keyRange()));
            }
            list.add(KeyspaceRouting.of(ks.name(), ks.vschema(), shards));
        }
        return new StaticRoutingSnapshot(list);
    }

    @Override
    public List<String> keyspaces() {
        return List.copyOf(keyspaces.keySet());
    }

    @Override
    public Optional<VSchema> vschema(String keyspace) {
        return Optional.ofNullable(keyspaces.get(keyspace)).map(KeyspaceRouting::vschema);
    }

    @Override
    public Optional<String> servedFrom(String keyspace, TabletType tabletType) {
        return Optional.ofNullable(keyspaces.get(keyspace)).map(k -> k.servedFrom().get(tabletType));
    }

    @Override
    public List<ShardRef> shards(String keyspace, TabletType tabletType) {
        KeyspaceRouting k = keyspaces.get(keyspace);
        if (k == null) {
            return List.of();
        }
        return k.shardsByType().getOrDefault(tabletType, k.shards());
    }

    @Override
    public List<TabletEndpoint> tablets(String keyspace, String shard, TabletType tabletType) {
        KeyspaceRouting k = keyspaces.get(keyspace);
        if (k == null) {
            return List.of();
        }
        return k.tablets().getOrDefault(shard, Map.of()).getOrDefault(tabletType, List.of());
    }

    @Override
    public List<TabletRow> allTablets() {
        List<TabletRow> rows = new ArrayList<>();
        for (KeyspaceRouting k : keyspaces.values()) {
            k.tablets().forEach((shard, byType) -> byType.forEach((type, list) -> {
                for (TabletEndpoint t : list) {
                    rows.add(new TabletRow("", k.name(), shard, type, "SERVING", t.alias(), t.host() + ":" + t.port()));
                }
            }));
        }
        return rows;
    }
}
