package io.shardops.planner.diff;

import io.shardops.planner.plan.FieldChange;
import io.shardops.spec.schema.TableDef;
import io.shardops.spec.sql.Sql;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The declarative schema diff of one table: desired CREATE TABLE against the live table.
 *
 * <p>The diff is data first: a list of typed {@link Clause}s. The ALTER text is rendered from them
 * with every name quoted by {@link Sql}, and whether the change loses data is read from them (a
 * {@link Clause.DropColumn}), never from the text, so a name that looks like SQL can neither hide a
 * clause nor make a drop look harmless.
 */
final class SchemaDiff {
    private SchemaDiff() {}

    /** One clause of an ALTER TABLE. */
    sealed interface Clause {
        String sql();

        record AddColumn(TableDef.Column column, String after) implements Clause {
            public String sql() {
                return "add column " + columnSql(column) + (after == null ? " first" : " after " + Sql.identifier(after));
            }
        }

        record ModifyColumn(TableDef.Column column) implements Clause {
            public String sql() {
                return "modify column " + columnSql(column);
            }
        }

        record DropColumn(String name) implements Clause {
            public String sql() {
                return "drop column " + Sql.identifier(name);
            }
        }

        record DropPrimaryKey() implements Clause {
            public String sql() {
                return "drop primary key";
            }
        }

        record AddPrimaryKey(List<String> columns) implements Clause {
            public String sql() {
                return "add primary key(" + identifiers(columns) + ")";
            }
        }

        record DropIndex(String name) implements Clause {
            public String sql() {
                return "drop key " + Sql.identifier(name);
            }
        }

        record AddIndex(TableDef.Index index) implements Clause {
            public String sql() {
                return "add " + (index.unique() ? "unique " : "") + "key " + Sql.identifier(index.name()) + "(" + identifiers(index.columns()) + ")";
            }
        }

        record Comment(String text) implements Clause {
            public String sql() {
                return "comment " + Sql.literal(text);
            }
        }
    }

    /**
     * The ALTER that turns {@code live} into {@code desired}.
     *
     * @param clauses the ALTER TABLE clauses, empty when the tables match
     * @param fields  the changed fields, for the summary
     */
    record Alter(String table, List<Clause> clauses, List<FieldChange> fields) {
        Alter {
            clauses = List.copyOf(clauses);
            fields = List.copyOf(fields);
        }

        boolean isEmpty() {
            return clauses.isEmpty();
        }

        /** The columns this change drops: their data is lost. */
        List<String> droppedColumns() {
            return clauses.stream().filter(Clause.DropColumn.class::isInstance).map(c -> ((Clause.DropColumn) c).name()).toList();
        }

        /** Whether a clause loses data: decided from the clauses, not from any SQL text. */
        boolean destructive() {
            return !droppedColumns().isEmpty();
        }

        String statement() {
            return "alter table " + Sql.identifier(table) + " " + String.join(", ", clauses.stream().map(Clause::sql).toList());
        }
    }

    static boolean same(TableDef a, TableDef b) {
        return diff(a, b).isEmpty();
    }

    static Alter diff(TableDef desired, TableDef live) {
        List<Clause> clauses = new ArrayList<>();
        List<FieldChange> fields = new ArrayList<>();
        Map<String, TableDef.Column> liveColumns = byName(live.columns());
        Map<String, TableDef.Column> desiredColumns = byName(desired.columns());
        String previous = null;
        for (TableDef.Column c : desired.columns()) {
            TableDef.Column was = liveColumns.get(key(c.name()));
            if (was == null) {
                clauses.add(new Clause.AddColumn(c, previous));
                fields.add(new FieldChange("columns." + c.name(), null, columnDef(c)));
            } else if (!sameColumn(c, was)) {
                clauses.add(new Clause.ModifyColumn(c));
                fields.add(new FieldChange("columns." + c.name(), columnDef(was), columnDef(c)));
            }
            previous = c.name();
        }
        for (TableDef.Column c : live.columns()) {
            if (!desiredColumns.containsKey(key(c.name()))) {
                clauses.add(new Clause.DropColumn(c.name()));
                fields.add(new FieldChange("columns." + c.name(), columnDef(c), null));
            }
        }
        if (!lower(desired.primaryKey()).equals(lower(live.primaryKey()))) {
            if (!live.primaryKey().isEmpty()) {
                clauses.add(new Clause.DropPrimaryKey());
            }
            if (!desired.primaryKey().isEmpty()) {
                clauses.add(new Clause.AddPrimaryKey(desired.primaryKey()));
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
                clauses.add(new Clause.DropIndex(i.name()));
                if (want == null) {
                    fields.add(new FieldChange("keys." + i.name(), indexDef(i), null));
                }
            }
        }
        for (TableDef.Index i : desired.indexes()) {
            TableDef.Index was = liveIndexes.get(key(i.name()));
            if (was == null || !sameIndex(i, was)) {
                clauses.add(new Clause.AddIndex(i));
                fields.add(new FieldChange("keys." + i.name(), was == null ? null : indexDef(was), indexDef(i)));
            }
        }
        if (!Objects.equals(nz(desired.comment()), nz(live.comment()))) {
            clauses.add(new Clause.Comment(nz(desired.comment())));
            fields.add(new FieldChange("comment", quoted(live.comment()), quoted(desired.comment())));
        }
        return new Alter(desired.name(), clauses, fields);
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
            parts.add(new Clause.AddPrimaryKey(t.primaryKey()).sql().substring("add ".length()));
        }
        t.indexes().forEach(i -> parts.add(new Clause.AddIndex(i).sql().substring("add ".length())));
        return "create table " + Sql.identifier(t.name()) + "(" + String.join(", ", parts) + ")" + (nz(t.comment()).isEmpty() ? "" : " comment " + Sql.literal(t.comment()));
    }

    private static final Pattern SPACE_BEFORE_PAREN = Pattern.compile("\\s+\\(");
    private static final Pattern SPACE_INSIDE = Pattern.compile("\\(\\s+|\\s+\\)|\\s*,\\s*");

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

    static String columnSql(TableDef.Column c) {
        return Sql.identifier(c.name()) + " " + columnDef(c);
    }

    private static String identifiers(List<String> names) {
        return String.join(", ", names.stream().map(Sql::identifier).toList());
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
