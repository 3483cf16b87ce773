package io.shardops.reconciler.provision.kubernetes;

import io.shardops.spec.Auth;
import io.shardops.spec.Cell;
import io.shardops.spec.Cluster;
import io.shardops.spec.Gateway;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Policy;
import io.shardops.spec.Shard;
import io.shardops.spec.SourceLocation;
import io.shardops.spec.TabletCounts;
import io.shardops.spec.key.KeyRange;
import io.shardops.spec.vschema.VSchema;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The reference journey's clusters as values, built by hand with what the manifests read
 * (cells, gateways, keyspaces, shards, tablet counts); schema and VSchema do not reach Kubernetes.
 */
final class ReferenceClusters {
    private ReferenceClusters() {}

    static final TabletCounts DEFAULTS = new TabletCounts(2, 1);

    /** examples/phases/101_initial_cluster.yaml: commerce/0 with 2 replica and 1 rdonly tablets, one gateway in zone1. */
    static Cluster phase101() {
        return cluster(Gateway.DEFAULT, keyspace("commerce", "0"));
    }

    /** examples/phases/202_customer_tablets.yaml: commerce/0 and customer/0. */
    static Cluster phase202() {
        return cluster(Gateway.DEFAULT, keyspace("commerce", "0"), keyspace("customer", "0"));
    }

    /** examples/phases/302_new_shards.yaml: customer has 0, -80 and 80-. */
    static Cluster phase302() {
        return cluster(Gateway.DEFAULT, keyspace("commerce", "0"), keyspace("customer", "0", "-80", "80-"));
    }

    static Cluster cluster(Gateway gateway, Keyspace... keyspaces) {
        return new Cluster("demo", List.of(new Cell("zone1", gateway)), DEFAULTS, List.of(keyspaces), List.of(), Policy.NONE);
    }

    static Gateway staticAuthNodePort() {
        return new Gateway(2, 3306, new Auth("static", "secrets/users.json"), Gateway.NODE_PORT);
    }

    static Keyspace keyspace(String name, String... shards) {
        List<Shard> list = Arrays.stream(shards)
                .map(s -> new Shard(s, KeyRange.parse(s).orElseThrow(), DEFAULTS))
                .toList();
        return new Keyspace(name, list, List.of(), Map.of(), VSchema.EMPTY, SourceLocation.UNKNOWN);
    }
}
