package io.shardops.planner.topology;

import io.shardops.spec.TabletType;
import java.util.List;
import java.util.Optional;

/**
 * {@code cells/<cell>/SrvKeyspace/<ks>}: what the gateways of a cell route to, per tablet type.
 *
 * @param partitions one per tablet type the keyspace serves itself, with the shards that serve it
 * @param servedFrom tablet types the keyspace sends to another keyspace
 */
public record SrvKeyspace(String cell, String keyspace, List<Partition> partitions, List<ServedFrom> servedFrom) {
    public SrvKeyspace {
        partitions = List.copyOf(partitions);
        servedFrom = List.copyOf(servedFrom);
    }

    /** The key of this record in {@link Topology#srvKeyspaces()}: {@code cell/ks}. */
    public String key() {
        return cell + "/" + keyspace;
    }

    public Optional<Partition> partition(TabletType tabletType) {
        return partitions.stream().filter(p -> p.servedType() == tabletType).findFirst();
    }

    /** The shards (names, in key-range order) serving one tablet type. */
    public record Partition(TabletType servedType, List<String> shards) {
        public Partition {
            shards = List.copyOf(shards);
        }
    }
}
