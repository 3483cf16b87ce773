package io.shardops.reconciler.local;

import io.shardops.planner.topology.TabletRecord;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.reconciler.topo.TopoStore;

/** The node's view of the topology server: where its tablets register and what its gateways route by. */
final class NodeTopology implements TabletRegistry, AutoCloseable {
    private final LocalConfig config;
    private final TopoStore store;

    private NodeTopology(LocalConfig config, TopoStore store) {
        this.config = config;
        this.store = store;
    }

    static NodeTopology connect(LocalConfig config) {
        return new NodeTopology(config, EtcdTopoStore.connect(config.etcdEndpoint()));
    }

    TopoStore store() {
        return store;
    }

    String cluster() {
        return config.cluster();
    }

    String tabletKey(String cell, String alias) {
        return "/shardops/" + config.cluster() + "/cells/" + cell + "/tablets/" + alias;
    }

    @Override
    public void register(TabletRecord record) {
        try {
            String json = JsonFiles.MAPPER.writeValueAsString(record);
            store.update(tabletKey(record.cell(), record.alias()), old -> java.util.Optional.of(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void deregister(String cell, String alias) {
        store.delete(tabletKey(cell, alias));
    }

    @Override
    public void close() {
        store.close();
    }
}
