package io.shardops.planner.lint;

import io.shardops.spec.Keyspace;
import io.shardops.spec.schema.TableDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The tables the spec keeps, each with what it was before (in its keyspace, or where it moved from), and how their columns changed. */
final class TablePairs {
    /** A table in both states. */
    record Pair(Keyspace keyspace, TableDef before, TableDef after) {}

    /** A column the declarative diff drops while adding another at the same position with the same type: a rename, read as drop + add. */
    record Rename(TableDef.Column from, TableDef.Column to) {}

    private TablePairs() {}

    static List<Pair> of(LintContext c) {
        List<Pair> out = new ArrayList<>();
        for (Keyspace ks : c.after.keyspaces()) {
            for (TableDef t : ks.tables()) {
                c.before.table(ks.name(), t.name()).ifPresent(was -> out.add(new Pair(ks, was, t)));
            }
        }
        return out;
    }

    /** The columns of {@code before} that {@code after} no longer has. */
    static List<TableDef.Column> dropped(Pair p) {
        return p.before().columns().stream().filter(col -> p.after().column(col.name()).isEmpty()).toList();
    }

    static List<Rename> renames(Pair p) {
        List<Rename> out = new ArrayList<>();
        List<TableDef.Column> was = p.before().columns();
        List<TableDef.Column> now = p.after().columns();
        for (int i = 0; i < Math.min(was.size(), now.size()); i++) {
            TableDef.Column from = was.get(i);
            TableDef.Column to = now.get(i);
            if (p.after().column(from.name()).isEmpty() && p.before().column(to.name()).isEmpty()
                    && ColumnTypes.normal(from.type()).equals(ColumnTypes.normal(to.type())) && from.notNull() == to.notNull()) {
                out.add(new Rename(from, to));
            }
        }
        return out;
    }

    static Optional<Rename> renameOf(Pair p, TableDef.Column dropped) {
        return renames(p).stream().filter(r -> r.from().name().equalsIgnoreCase(dropped.name())).findFirst();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
