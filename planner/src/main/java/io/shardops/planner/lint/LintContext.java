package io.shardops.planner.lint;

import io.shardops.planner.topology.TopologyOf;
import io.shardops.spec.Cluster;
import io.shardops.spec.Keyspace;
import io.shardops.spec.LintCode;
import io.shardops.spec.Problem;
import io.shardops.spec.Severity;
import io.shardops.spec.SourceLocation;
import io.shardops.spec.SpecPositions;
import io.shardops.spec.schema.TableDef;
import io.shardops.spec.validate.SpecLocations;
import io.shardops.spec.vschema.VSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a rule reads (the spec after the change, the state before it) and where it reports: each finding at the
 * spec line it comes from, at the severity {@code policy.lint} gives its code (or not at all when it is off).
 */
final class LintContext {
    final Cluster after;
    final Before before;
    private final List<Problem> findings = new ArrayList<>();
    private final Set<String> tablesAfter = new HashSet<>();

    LintContext(Cluster after, Before before) {
        this.after = after;
        this.before = before;
        for (Keyspace ks : after.keyspaces()) {
            TopologyOf.desiredTables(ks).forEach(t -> tablesAfter.add(Before.key(t.name())));
        }
    }

    void report(LintCode code, SourceLocation at, String message, String hint) {
        Optional<Severity> severity = after.policy().lint().severity(code);
        severity.ifPresent(s -> findings.add(new Problem(at, code.code(), message, hint, s)));
    }

    List<Problem> findings() {
        return findings;
    }

    /** Whether some keyspace of the spec declares the table (a table that moved to another keyspace is not dropped). */
    boolean declaredAnywhere(String table) {
        return tablesAfter.contains(Before.key(table));
    }

    /**
     * Whether the change creates or alters the table (its statement or its VSchema entry): rules about the spec
     * alone report only such tables, so a table that was already live is not reported on every later plan.
     * With no earlier state ({@code validate}) every table counts.
     */
    boolean isNewOrChanged(Keyspace ks, TableDef t) {
        Optional<TableDef> was = before.table(ks.name(), t.name());
        if (was.isEmpty()) {
            return true;
        }
        Optional<VSchema.Table> vtableBefore = before.keyspace(ks.name()).flatMap(k -> k.vschema().table(t.name()));
        return !words(was.get().createSql()).equals(words(t.createSql())) || !vtableBefore.equals(ks.vschema().table(t.name()));
    }

    private static String words(String sql) {
        return sql == null ? "" : sql.strip().replaceAll("\\s+", " ");
    }

    VSchema vschemaBefore(String keyspace) {
        return before.keyspace(keyspace).map(Before.Keyspace::vschema).orElse(VSchema.EMPTY);
    }

    // ---- where things were written in the spec after the change

    private SpecPositions positions() {
        return after.positions();
    }

    private int index(Keyspace ks) {
        return after.keyspaces().indexOf(ks);
    }

    private int index(Keyspace ks, TableDef table) {
        return ks.tables().indexOf(table);
    }

    SourceLocation keyspace(Keyspace ks) {
        return positions().get(SpecLocations.keyspace(index(ks)));
    }

    SourceLocation schemaOf(Keyspace ks) {
        return positions().get(SpecLocations.keyspace(index(ks), "schema"), SpecLocations.keyspace(index(ks)));
    }

    SourceLocation table(Keyspace ks, TableDef t) {
        return positions().get(SpecLocations.table(index(ks), index(ks, t)), SpecLocations.keyspace(index(ks), "schema"));
    }

    SourceLocation column(Keyspace ks, TableDef t, String column) {
        return positions().get(SpecLocations.column(index(ks), index(ks, t), column), SpecLocations.table(index(ks), index(ks, t)));
    }

    SourceLocation foreignKey(Keyspace ks, TableDef t, int i) {
        return positions().get(SpecLocations.foreignKey(index(ks), index(ks, t), i), SpecLocations.table(index(ks), index(ks, t)));
    }

    SourceLocation primaryVindex(Keyspace ks, String table) {
        return positions().get(SpecLocations.vtable(index(ks), table, "cv#0/name"), SpecLocations.vtable(index(ks), table),
                SpecLocations.keyspace(index(ks), "vschema"));
    }

    SourceLocation vtable(Keyspace ks, String table) {
        return positions().get(SpecLocations.vtable(index(ks), table), SpecLocations.keyspace(index(ks), "vschema"));
    }
}
