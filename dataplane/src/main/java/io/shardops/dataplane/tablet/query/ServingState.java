package io.shardops.dataplane.tablet.query;

import io.shardops.spec.TabletType;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a tablet's query service accepts: its type (a primary takes writes, the others only reads),
 * whether it serves at all, and the tables its shard's tablet control denies for that type.
 *
 * @param deniedTables lowercase table names; queries touching them are refused
 */
public record ServingState(TabletType type, boolean serving, Set<String> deniedTables) {
    public ServingState {
        TreeSet<String> lower = new TreeSet<>();
        for (String t : deniedTables) {
            lower.add(t.toLowerCase(Locale.ROOT));
        }
        deniedTables = Set.copyOf(lower);
    }

    public static ServingState of(TabletType type, boolean serving, List<String> deniedTables) {
        return new ServingState(type, serving, Set.copyOf(deniedTables));
    }

    public boolean isDenied(String table) {
        return !deniedTables.isEmpty() && deniedTables.contains(table.toLowerCase(Locale.ROOT));
    }

    public ServingState withType(TabletType t) {
        return new ServingState(t, serving, deniedTables);
    }

    public ServingState withServing(boolean s) {
        return new ServingState(type, s, deniedTables);
    }

    public ServingState withDeniedTables(Set<String> tables) {
        return new ServingState(type, serving, tables);
    }
}
