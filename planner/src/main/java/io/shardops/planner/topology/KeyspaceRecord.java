package io.shardops.planner.topology;

import io.shardops.spec.TabletType;
import java.util.List;
import java.util.Optional;

/**
 * {@code global/keyspaces/<ks>/Keyspace}: a keyspace and where its traffic is served from while a
 * vertical split has not switched every tablet type yet.
 *
 * @param servedFrom one entry per tablet type still served by another keyspace; empty when the keyspace serves itself
 */
public record KeyspaceRecord(String name, List<ServedFrom> servedFrom) {
    public KeyspaceRecord {
        servedFrom = List.copyOf(servedFrom);
    }

    public static KeyspaceRecord servingItself(String name) {
        return new KeyspaceRecord(name, List.of());
    }

    public Optional<String> servedFrom(TabletType tabletType) {
        return servedFrom.stream().filter(s -> s.tabletType() == tabletType).map(ServedFrom::keyspace).findFirst();
    }
}
