package io.shardops.spec.validate;

import io.shardops.spec.Cell;
import io.shardops.spec.Cluster;
import io.shardops.spec.Durability;
import io.shardops.spec.Gateway;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Problem;
import io.shardops.spec.Shard;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The semantic checks of a spec that the JSON Schema cannot express. Every check runs; every
 * problem is returned, each at the position of the thing it is about.
 */
public final class ClusterValidator {
    private static final Set<String> RESERVED_DATABASES = Set.of("information_schema", "mysql", "performance_schema", "sys", "_vt");

    private ClusterValidator() {}

    public static List<Problem> validate(Cluster cluster, SpecLocations locations) {
        return validate(cluster, locations, Set.of());
    }

    /**
     * As above, for a cluster some of whose keyspaces' schema SQL did not parse (already reported):
     * checks that compare tables with those keyspaces' schema skip them rather than repeat the error.
     */
    public static List<Problem> validate(Cluster cluster, SpecLocations locations, Set<String> incompleteSchemas) {
        Checks c = new Checks(cluster, locations, incompleteSchemas);
        names(c);
        IdentifierChecks.run(c);
        cells(c);
        ShardChecks.run(c);
        TableChecks.run(c);
        VSchemaChecks.run(c);
        MigrationChecks.run(c);
        durability(c);
        return List.copyOf(c.problems);
    }

    private static void names(Checks c) {
        Map<String, Integer> seen = new HashMap<>();
        List<Keyspace> keyspaces = c.cluster.keyspaces();
        for (int i = 0; i < keyspaces.size(); i++) {
            String name = keyspaces.get(i).name();
            String folded = name.toLowerCase(Locale.ROOT);
            Integer first = seen.putIfAbsent(folded, i);
            if (first != null) {
                c.error(c.at.get(SpecLocations.keyspace(i)), "keyspace.duplicate", "keyspace '" + name + "' is declared twice (first at "
                        + c.at.get(SpecLocations.keyspace(first)) + ")", "keyspace names are unique, ignoring case; merge the two or rename one");
            }
            if (RESERVED_DATABASES.contains(folded)) {
                c.error(c.at.get(SpecLocations.keyspace(i)), "keyspace.reserved", "keyspace name '" + name + "' is a MySQL system database",
                        "choose another name; " + String.join(", ", RESERVED_DATABASES.stream().sorted().toList()) + " are reserved");
            }
        }
    }

    /** semi-sync needs a replica-type tablet besides the primary to acknowledge, else every write would wait for ever. */
    private static void durability(Checks c) {
        List<Keyspace> keyspaces = c.cluster.keyspaces();
        for (int i = 0; i < keyspaces.size(); i++) {
            Keyspace ks = keyspaces.get(i);
            for (int j = 0; j < ks.shards().size(); j++) {
                Shard shard = ks.shards().get(j);
                boolean declared = ks.durability() != null || c.cluster.durability() != null;
                if (declared && c.cluster.durability(ks, shard) == Durability.SEMI_SYNC
                        && shard.tablets().running() && shard.tablets().replica() < 2) {
                    c.error(c.at.get(SpecLocations.shard(i, j)), "durability.no-acknowledger", "shard " + ks.name() + "/" + shard.name()
                                    + " has durability semi-sync but " + shard.tablets().replica() + " replica tablet(s), the primary included: no replica would acknowledge its writes",
                            "give it replica: 2 or more (3 keeps a failover acknowledged too), or durability: none for keyspace " + ks.name());
                }
            }
        }
    }

    private static void cells(Checks c) {
        Map<String, Integer> seen = new HashMap<>();
        List<Cell> cells = c.cluster.cells();
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            Integer first = seen.putIfAbsent(cell.name(), i);
            if (first != null) {
                c.error(c.at.get(SpecLocations.cell(i)), "cell.duplicate", "cell '" + cell.name() + "' is declared twice", "cell names are unique");
            }
            Gateway g = cell.gateway();
            if (g.mysqlPort() + g.replicas() - 1 > 65535) {
                c.error(c.at.get(SpecLocations.cell(i)), "cell.ports", "the gateways of cell '" + cell.name() + "' need ports "
                        + g.mysqlPort() + ".." + (g.mysqlPort() + g.replicas() - 1) + ", past 65535", "lower mysqlPort or replicas");
            }
            boolean isStatic = "static".equals(g.auth().type());
            if (isStatic && (g.auth().usersFile() == null || g.auth().usersFile().isBlank())) {
                c.error(c.at.get(SpecLocations.cell(i)), "cell.auth", "gateway auth of cell '" + cell.name() + "' is static but names no usersFile",
                        "add usersFile: a JSON file of users, relative to the spec file");
            } else if (!isStatic && g.auth().usersFile() != null) {
                c.error(c.at.get(SpecLocations.cell(i)), "cell.auth", "gateway auth of cell '" + cell.name() + "' names a usersFile but its type is " + g.auth().type(),
                        "set auth type: static to use the file, or remove usersFile");
            }
            if (g.tls() != null) {
                boolean files = g.tls().certFile() != null || g.tls().keyFile() != null;
                if (g.tls().selfSigned() == files || (files && (g.tls().certFile() == null || g.tls().keyFile() == null))) {
                    c.error(c.at.get(SpecLocations.cell(i)), "cell.tls", "gateway tls of cell '" + cell.name()
                            + "' needs either certFile and keyFile, or selfSigned: true",
                            "name a PEM certificate and its key relative to the spec file, or set selfSigned: true for a local cluster");
                }
            }
        }
    }
}
