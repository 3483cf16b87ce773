package io.shardops.reconciler.host.local;

import io.shardops.dataplane.gateway.TabletEndpoint;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The query services of the tablets running in this node, by tablet alias, so the node's gateways
 * open their sessions on them in process instead of over loopback TCP. A tablet is added before
 * its record says SERVING and removed before it stops.
 */
final class LocalQueryServices {
    private final Map<String, TabletEndpoint.InProcess> byAlias = new ConcurrentHashMap<>();

    void add(String alias, TabletEndpoint.InProcess service) {
        byAlias.put(alias, service);
    }

    void remove(String alias, TabletEndpoint.InProcess service) {
        byAlias.remove(alias, service);
    }

    /** The tablet's query service, or null when the tablet does not run here. */
    TabletEndpoint.InProcess find(String alias) {
        return byAlias.get(alias);
    }
}
