package io.shardops.spec.validate;

import io.shardops.spec.Cluster;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Migration;
import io.shardops.spec.Problem;
import io.shardops.spec.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What every check reads and writes: the cluster, where its parts were written, the problems found so far. */
final class Checks {
    final Cluster cluster;
    final SpecLocations at;
    final List<Problem> problems = new ArrayList<>();
    private final Set<String> incompleteSchemas;

    Checks(Cluster cluster, SpecLocations at, Set<String> incompleteSchemas) {
        this.cluster = cluster;
        this.at = at;
        this.incompleteSchemas = Set.copyOf(incompleteSchemas);
    }

    /** Whether all of the keyspace's schema SQL parsed, so a table missing from it is really missing. */
    boolean schemaComplete(String keyspace) {
        return !incompleteSchemas.contains(keyspace);
    }

    void error(SourceLocation where, String code, String message, String hint) {
        problems.add(Problem.at(where, code, message, hint));
    }

    int keyspaceIndex(String name) {
        for (int i = 0; i < cluster.keyspaces().size(); i++) {
            if (cluster.keyspaces().get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    Optional<Keyspace> keyspace(String name) {
        return cluster.keyspace(name);
    }

    List<Migration.MoveTables> moveTables() {
        return cluster.migrations().stream().map(Migration::move)
                .filter(Migration.MoveTables.class::isInstance).map(Migration.MoveTables.class::cast).toList();
    }

    String keyspaceNames() {
        return String.join(", ", cluster.keyspaces().stream().map(Keyspace::name).toList());
    }
}
