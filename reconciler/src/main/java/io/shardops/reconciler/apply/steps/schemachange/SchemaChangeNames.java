package io.shardops.reconciler.apply.steps.schemachange;

import io.shardops.planner.plan.Action;
import io.shardops.planner.topology.SchemaChangeRecord;
import io.shardops.spec.sql.Sql;
import java.util.Optional;

/**
 * The names an online change of one table uses on each shard's primary: the shadow table, the old table kept for
 * revert, and the two streams. Pure.
 */
public record SchemaChangeNames(String keyspace, String table) {
    /** MariaDB's longest identifier. */
    static final int MAX_IDENTIFIER = 64;

    public SchemaChangeNames {
        if (("_" + table + "_osc_building").length() > MAX_IDENTIFIER) {
            throw new IllegalArgumentException("table " + keyspace + "." + table + " has a name too long for an online schema change (at most "
                    + (MAX_IDENTIFIER - "__osc_building".length()) + " characters); set schemaChanges.strategy: direct for its keyspace");
        }
    }

    /** The table with the new definition while it is filled: {@code _t_osc_new}. */
    public String shadow() {
        return "_" + table + "_osc_new";
    }

    /** The table with the old definition after the cut-over, following the new one until it is dropped: {@code _t_osc_old}. */
    public String old() {
        return SchemaChangeRecord.oldTableOf(table);
    }

    /** The stream from the table into the shadow table. */
    public String forwardStream() {
        return "osc." + keyspace + "." + table;
    }

    /** The stream from the new table into the old one, after the cut-over. */
    public String reverseStream() {
        return "osc." + keyspace + "." + table + ".revert";
    }

    /** Whether {@code name} is the old table some online change left, and of which table. */
    public static Optional<String> tableOfOld(String name) {
        return name.startsWith("_") && name.endsWith("_osc_old") && name.length() > "__osc_old".length()
                ? Optional.of(name.substring(1, name.length() - "_osc_old".length())) : Optional.empty();
    }

    /**
     * The clauses of the step's ALTER, to run on another table: the planner writes {@code alter table `t` <clauses>}.
     *
     * @throws IllegalArgumentException when the statement is not an ALTER of this table
     */
    public String clauses(Action.SchemaChange a) {
        String prefix = "alter table " + Sql.identifier(table) + " ";
        if (!a.alter().regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw new IllegalArgumentException("schema-change " + a.target() + ": '" + a.alter() + "' is not an ALTER TABLE of " + table);
        }
        return a.alter().substring(prefix.length());
    }
}
