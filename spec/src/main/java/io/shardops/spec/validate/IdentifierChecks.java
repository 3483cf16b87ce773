package io.shardops.spec.validate;

import io.shardops.spec.Keyspace;
import io.shardops.spec.SourceLocation;
import io.shardops.spec.schema.TableDef;
import io.shardops.spec.text.Printable;
import io.shardops.spec.vschema.VSchema;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;

/**
 * Every name that becomes a MySQL identifier follows {@link Identifiers}: keyspaces, tables, columns,
 * indexes and the columns they name, sequences, vindex columns and auto-increment columns. Columns
 * and indexes have no position of their own in the model, so their problems point at the table's
 * CREATE TABLE statement and name the column.
 */
final class IdentifierChecks {
    private IdentifierChecks() {}

    static void run(Checks c) {
        List<Keyspace> keyspaces = c.cluster.keyspaces();
        for (int k = 0; k < keyspaces.size(); k++) {
            Keyspace ks = keyspaces.get(k);
            check(c, c.at.get(SpecLocations.keyspace(k)), "keyspace", ks.name());
            for (int t = 0; t < ks.tables().size(); t++) {
                TableDef table = ks.tables().get(t);
                SourceLocation at = c.at.get(SpecLocations.table(k, t), SpecLocations.keyspace(k, "schema"));
                check(c, at, "table", table.name());
                String of = " of table '" + safe(table.name()) + "'";
                Set<String> seen = new HashSet<>();
                for (TableDef.Column col : table.columns()) {
                    if (seen.add(col.name())) {
                        check(c, at, "column", col.name(), of);
                    }
                    columnText(c, at, col, of);
                }
                for (String col : table.primaryKey()) {
                    if (seen.add(col)) {
                        check(c, at, "primary key column", col, of);
                    }
                }
                for (TableDef.Index index : table.indexes()) {
                    if (seen.add(index.name())) {
                        check(c, at, "index", index.name(), of);
                    }
                    for (String col : index.columns()) {
                        if (seen.add(col)) {
                            check(c, at, "index column", col, of);
                        }
                    }
                }
            }
            for (String seq : ks.sequences().keySet()) {
                check(c, c.at.get(SpecLocations.sequence(k, seq)), "sequence", seq);
            }
            for (Map.Entry<String, VSchema.Table> e : ks.vschema().tables().entrySet()) {
                String name = e.getKey();
                check(c, c.at.get(SpecLocations.vtable(k, name)), "vschema table", name);
                List<VSchema.ColumnVindex> cvs = e.getValue().columnVindexes();
                for (int i = 0; i < cvs.size(); i++) {
                    check(c, c.at.get(SpecLocations.vtable(k, name, "cv#" + i + "/column"), SpecLocations.vtable(k, name)), "vindex column", cvs.get(i).column());
                }
                VSchema.AutoIncrement ai = e.getValue().autoIncrement();
                if (ai != null) {
                    check(c, c.at.get(SpecLocations.vtable(k, name, "ai/column"), SpecLocations.vtable(k, name)), "auto_increment column", ai.column());
                    SourceLocation seqAt = c.at.get(SpecLocations.vtable(k, name, "ai/sequence"), SpecLocations.vtable(k, name));
                    String[] parts = ai.sequence().split("\\.", 2); // keyspace.sequence or sequence
                    if (parts.length == 2) {
                        check(c, seqAt, "auto_increment sequence keyspace", parts[0]);
                    }
                    check(c, seqAt, "auto_increment sequence", parts[parts.length - 1]);
                }
            }
        }
    }

    private static void check(Checks c, SourceLocation at, String what, String name) {
        check(c, at, what, name, "");
    }

    private static void check(Checks c, SourceLocation at, String what, String name, String of) {
        Identifiers.problem(what, name, of).ifPresent(why -> c.error(at, "name.invalid", why, Identifiers.RULE));
    }

    /** The type and DEFAULT of a column are written into ALTERs as parsed: they must be what they claim to be. */
    private static void columnText(Checks c, SourceLocation at, TableDef.Column col, String of) {
        String column = "column '" + safe(col.name()) + "'" + of;
        if (!Identifiers.COLUMN_TYPE.matcher(col.type()).matches()) {
            c.error(at, "sql.column-type", column + " has a type shardops cannot read: '" + safe(col.type()) + "'",
                    "write a MySQL type such as bigint, varbinary(128), decimal(10,2) or enum('a','b')");
        }
        if (col.defaultValue() != null && !Identifiers.COLUMN_DEFAULT.matcher(col.defaultValue()).matches()) {
            c.error(at, "sql.column-default", column + " has a DEFAULT shardops cannot write back safely: '" + safe(col.defaultValue()) + "'",
                    "use a literal (a number, 'text', NULL, CURRENT_TIMESTAMP) or a plain expression in parentheses");
        }
    }

    private static String safe(String name) {
        return Printable.excerpt(name);
    }
}
