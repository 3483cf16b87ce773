package io.shardops.planner.diff;

import io.shardops.planner.plan.FieldChange;
import io.shardops.spec.schema.TableDef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** The declarative schema diff of one table: desired CREATE TABLE against the live table. */
final class SchemaDiff {
    private SchemaDiff() {}

    /**
     * The ALTER that turns {@code live} into {@code desired}.
     *
     * @param clauses     the ALTER TABLE clauses, empty when the tables match
     * @param destructive whether a clause loses data (a dropped column)
     * @param fields      the changed fields, for the summary
     */
    record Alter(String table, List<String> clauses, boolean destructive, List<FieldChange> fields) {
        boolean isEmpty() {
            return clauses.isEmpty();
        }

        String statement() {
            return "alter table " + table + " " + String.join(", ", clauses);
        }
    }

    static boolean same(TableDef a, TableDef b) {
        return diff(a, b).isEmpty();
    }

    static Alter diff(TableDef desired, TableDef live) {
        List<String> clauses = new ArrayList<>();
        List<FieldChange> fields = new ArrayList<>();
        boolean destructive = false;
        Map<String, TableDef.Column> liveColumns = byName(live.columns());
        Map<String, TableDef.Column> desiredColumns = byName(desired.columns());
        String previous = null;
        for (TableDef.Column c : desired.columns()) {
            TableDef.Column was = liveColumns.get(key(c.name()));
            if (was == null) {
                clauses.add("add column " + columnSql(c) + (previous == null ? " first" : " after " + previous));
                fields.add(new FieldChange("columns." + c.name(), null, columnSql(c).substring(c.name().length() + 1)));
            } else if (!sameColumn(c, was)) {
                clauses.add("modify column " + columnSql(c));
                fields.add(new FieldChange("columns." + c.name(), columnDef(was), columnDef(c)));
            }
            previous = c.name();
        }
        for (TableDef.Column c : live.columns()) {
            if (!desiredColumns.containsKey(key(c.name()))) {
                clauses.add("drop column " + c.name());
                fields.add(new FieldChange("columns." + c.name(), columnDef(c), null));
                destructive = true;
            }
        }
        if (!lower(desired.primaryKey()).equals(lower(live.primaryKey()))) {
            if (!live.primaryKey().isEmpty()) {
                clauses.add("drop primary key");
            }
            if (!desired.primaryKey().isEmpty()) {
                clauses.add("add primary key(" + String.join(", ", desired.primaryKey()) + ")");
            }
            fields.add(new FieldChange("primary_key", listOrNull(live.primaryKey()), listOrNull(desired.primaryKey())));
        }
        Map<String, TableDef.Index> liveIndexes = new LinkedHashMap<>();
        live.indexes().forEach(i -> liveIndexes.put(key(i.name()), i));
        Map<String, TableDef.Index> desiredIndexes = new LinkedHashMap<>();
        desired.indexes().forEach(i -> desiredIndexes.put(key(i.name()), i));
        for (TableDef.Index i : live.indexes()) {
            TableDef.Index want = desiredIndexes.get(key(i.name()));
            if (want == null || !sameIndex(want, i)) {
                clauses.add("drop key " + i.name());
                if (want == null) {
                    fields.add(new FieldChange("keys." + i.name(), indexDef(i), null));
                }
            }
        }
        for (TableDef.Index i : desired.indexes()) {
            TableDef.Index was = liveIndexes.get(key(i.name()));
            if (was == null || !sameIndex(i, was)) {
                clauses.add("add " + (i.unique() ? "unique " : "") + "key " + i.name() + "(" + String.join(", ", i.columns()) + ")");
                fields.add(new FieldChange("keys." + i.name(), was == null ? null : indexDef(was), indexDef(i)));
            }
        }
        if (!Objects.equals(nz(desired.comment()), nz(live.comment()))) {
            clauses.add("comment '" + nz(desired.comment()).replace("'", "''") + "'");
            fields.add(new FieldChange("comment", quoted(live.comment()), quoted(desired.comment())));
        }
        return new Alter(desired.name(), clauses, destructive, fields);
    }

    /** The fields a new table shows in the summary: its columns and keys. */
    static List<FieldChange> created(TableDef t) {
        List<FieldChange> out = new ArrayList<>();
        for (TableDef.Column c : t.columns()) {
            out.add(new FieldChange("columns." + c.name(), null, columnDef(c)));
        }
        if (!t.primaryKey().isEmpty()) {
            out.add(new FieldChange("primary_key", null, listOrNull(t.primaryKey())));
        }
        for (TableDef.Index i : t.indexes()) {
            out.add(new FieldChange("keys." + i.name(), null, indexDef(i)));
        }
        if (!nz(t.comment()).isEmpty()) {
            out.add(new FieldChange("comment", null, quoted(t.comment())));
        }
        return out;
    }

    /** The CREATE TABLE statement for a table: as declared when known. */
    static String createSql(TableDef t) {
        if (t.createSql() != null && !t.createSql().isBlank()) {
            return t.createSql().strip();
        }
        List<String> parts = new ArrayList<>();
        t.columns().forEach(c -> parts.add(columnSql(c)));
        if (!t.primaryKey().isEmpty()) {
            parts.add("primary key(" + String.join(", ", t.primaryKey()) + ")");
        }
        t.indexes().forEach(i -> parts.add((i.unique() ? "unique " : "") + "key " + i.name() + "(" + String.join(", ", i.columns()) + ")"));
        return "create table " + t.name() + "(" + String.join(", ", parts) + ")" + (nz(t.comment()).isEmpty() ? "" : " comment '" + t.comment().replace("'", "''") + "'");
    }

    private static final java.util.regex.Pattern SPACE_BEFORE_PAREN = java.util.regex.Pattern.compile("\\s+\\(");
    private static final java.util.regex.Pattern SPACE_INSIDE = java.util.regex.Pattern.compile("\\(\\s+|\\s+\\)|\\s*,\\s*");

    /** The type as MySQL prints it: {@code varbinary(128)}, whatever spacing the declaration used. */
    static String type(String declared) {
        if (declared.indexOf(' ') < 0) {
            return declared;
        }
        String t = SPACE_BEFORE_PAREN.matcher(declared.strip()).replaceAll("(");
        return SPACE_INSIDE.matcher(t).replaceAll(m -> m.group().strip());
    }

    static String columnDef(TableDef.Column c) {
        StringBuilder b = new StringBuilder(type(c.type()));
        if (c.notNull()) {
            b.append(" not null");
        }
        if (c.defaultValue() != null) {
            b.append(" default ").append(c.defaultValue());
        }
        if (c.autoIncrement()) {
            b.append(" auto_increment");
        }
        return b.toString();
    }

    private static String columnSql(TableDef.Column c) {
        return c.name() + " " + columnDef(c);
    }

    private static boolean sameColumn(TableDef.Column a, TableDef.Column b) {
        return type(a.type()).equalsIgnoreCase(type(b.type())) && a.notNull() == b.notNull() && a.autoIncrement() == b.autoIncrement()
                && Objects.equals(a.defaultValue(), b.defaultValue());
    }

    private static boolean sameIndex(TableDef.Index a, TableDef.Index b) {
        return a.unique() == b.unique() && lower(a.columns()).equals(lower(b.columns()));
    }

    private static String indexDef(TableDef.Index i) {
        return (i.unique() ? "unique " : "") + "(" + String.join(", ", i.columns()) + ")";
    }

    private static Map<String, TableDef.Column> byName(List<TableDef.Column> columns) {
        Map<String, TableDef.Column> m = new LinkedHashMap<>();
        columns.forEach(c -> m.put(key(c.name()), c));
        return m;
    }

    private static List<String> lower(List<String> names) {
        return names.stream().map(SchemaDiff::key).toList();
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String quoted(String s) {
        return nz(s).isEmpty() ? null : "'" + s + "'";
    }

    private static String listOrNull(List<String> l) {
        return l.isEmpty() ? null : "(" + String.join(", ", l) + ")";
    }
}
