package io.shardops.dataplane.gateway;

import io.shardops.dataplane.vindex.Value;
import io.shardops.dataplane.vindex.Vindex;
import io.shardops.spec.TabletType;
import io.shardops.spec.vschema.VSchema;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A large multi-row INSERT into a sharded table (mysqldump writes INSERTs of up to 1 MB), split by a lexer
 * instead of the SQL parser: its rows' texts are kept as written and grouped by the shard of their vindex
 * value, which must be an integer literal. Anything else (sequence ids to fill, ON DUPLICATE KEY UPDATE,
 * INSERT ... SELECT, a vindex value that is not an integer) is left to the parser's path. Pure.
 */
final class BulkInsert {
    /** Statements shorter than this take the parser's path, as every INSERT did. */
    static final int MIN_LENGTH = 16 * 1024;
    private static final Pattern HEAD = Pattern.compile(
            "(?is)\\s*(?:insert|replace)\\s+(?:(?:low_priority|delayed|high_priority|ignore)\\s+)*(?:into\\s+)?"
                    + "(`(?:[^`]|``)+`|\\w+)(?:\\s*\\.\\s*(`(?:[^`]|``)+`|\\w+))?\\s*(\\([^()]*\\))?\\s*values?\\s*");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,20}");

    private BulkInsert() {}

    static Optional<Route> route(Targets targets, String sql, Target target) {
        Matcher m = HEAD.matcher(sql);
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        String qualifier = m.group(2) == null ? null : unquote(m.group(1));
        String table = unquote(m.group(2) == null ? m.group(1) : m.group(2));
        RoutingSnapshot snap = targets.snapshot();
        String ks = qualifier != null ? qualifier : target.keyspace();
        if (ks == null || !snap.keyspaces().contains(ks) || (qualifier != null && target.shard() != null)) {
            return Optional.empty();
        }
        TabletType type = target.tabletType();
        String serving = targets.servingKeyspace(ks, type);
        VSchema v = snap.vschema(serving).orElse(VSchema.EMPTY);
        VSchema.Table t = v.tables().get(table);
        if (v.sharded() && t != null && t.primaryVindex().isEmpty() && "reference".equals(t.type())) {
            // a reference table's dump: every shard keeps a copy of every row, no parse needed
            String text = sql.substring(0, m.start(1)) + m.group(qualifier == null ? 1 : 2) + sql.substring(m.end(qualifier == null ? 1 : 2));
            List<ShardQuery> copies = new java.util.ArrayList<>();
            for (ShardRef s : targets.servingShards(serving, type)) {
                copies.add(new ShardQuery(new ShardTarget(serving, s.name(), type), text));
            }
            return Optional.of(copies.size() == 1 ? new Route.Forward(copies.get(0)) : new Route.MultiWrite(copies, true));
        }
        if (!v.sharded() || t == null || t.primaryVindex().isEmpty() || t.autoIncrement() != null) {
            return Optional.empty();  // sequence ids are filled on the parser's path
        }
        VSchema.ColumnVindex cv = t.primaryVindex().get();
        VSchema.Vindex decl = v.vindexes().get(cv.name());
        Optional<Vindex> vindex = Vindex.forType(decl == null ? cv.name() : decl.type());
        if (vindex.isEmpty()) {
            return Optional.empty();
        }
        Optional<List<Row>> rows = rows(sql, m.end());
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        // the statement as each shard gets it: without a keyspace qualifier, the shard's rows after VALUES
        String head = sql.substring(0, m.start(1)) + m.group(qualifier == null ? 1 : 2) + sql.substring(m.end(qualifier == null ? 1 : 2), m.end());
        List<ShardRef> shards = targets.servingShards(serving, type);
        if (m.group(3) != null) {
            int idx = columnIndex(m.group(3), cv.column());
            return idx < 0 ? Optional.empty() : split(head, rows.get(), idx, vindex.get(), shards, serving, type);
        }
        // mysqldump's INSERT INTO t VALUES (...): the vindex column's position comes from a shard's schema
        ShardTarget first = new ShardTarget(serving, shards.get(0).name(), type);
        return Optional.of(new Route.WithColumns(first, table, names -> {
            int idx = -1;
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).equalsIgnoreCase(cv.column())) {
                    idx = i;
                }
            }
            if (idx < 0) {
                throw LoadDataStatement.unsupported("INSERT into " + table + ": its primary vindex column " + cv.column() + " is not in the table");
            }
            return split(head, rows.get(), idx, vindex.get(), shards, serving, type).orElseThrow(() -> LoadDataStatement.unsupported(
                    "INSERT into " + table + " with a " + cv.column() + " that is not an integer literal in a statement over "
                            + SqlParser.MAX_PARSE_LENGTH + " characters; split the statement"));
        }));
    }

    /** One row's text, {@code (…)}, and its fields' texts. */
    private record Row(String text, List<String> fields) {}

    private static Optional<Route> split(String head, List<Row> rows, int idx, Vindex vindex, List<ShardRef> shards, String keyspace,
                                         TabletType type) {
        Map<ShardRef, StringBuilder> byShard = new LinkedHashMap<>();
        for (Row r : rows) {
            if (idx >= r.fields().size() || !INTEGER.matcher(r.fields().get(idx)).matches()) {
                return Optional.empty();
            }
            byte[] ksid;
            try {
                ksid = vindex.keyspaceId(new Value.Int(new BigInteger(r.fields().get(idx))));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
            Optional<ShardRef> s = ShardRef.holding(shards, ksid);
            if (s.isEmpty()) {
                return Optional.empty();
            }
            StringBuilder sb = byShard.get(s.get());
            if (sb == null) {
                byShard.put(s.get(), new StringBuilder(head).append(r.text()));
            } else {
                sb.append(',').append(r.text());
            }
        }
        List<ShardRef> ordered = new ArrayList<>(byShard.keySet());
        ordered.sort(Comparator.comparingInt(shards::indexOf));
        List<ShardQuery> queries = new ArrayList<>();
        for (ShardRef s : ordered) {
            queries.add(new ShardQuery(new ShardTarget(keyspace, s.name(), type), byShard.get(s).toString()));
        }
        return Optional.of(queries.size() == 1 ? new Route.Forward(queries.get(0)) : new Route.MultiWrite(queries));
    }

    /** The rows after VALUES; empty unless the statement is rows and nothing else (a final ; allowed). */
    private static Optional<List<Row>> rows(String sql, int from) {
        List<Row> rows = new ArrayList<>();
        int i = from;
        int n = sql.length();
        while (true) {
            while (i < n && Character.isWhitespace(sql.charAt(i))) {
                i++;
            }
            if (i >= n || sql.charAt(i) != '(') {
                return Optional.empty();
            }
            int start = i;
            List<String> fields = new ArrayList<>();
            int fieldStart = i + 1;
            int depth = 0;
            while (true) {
                if (i >= n) {
                    return Optional.empty();
                }
                char c = sql.charAt(i);
                if (c == '\'' || c == '"' || c == '`') {
                    i = endOfQuoted(sql, i, c);
                    continue;
                }
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                    if (depth == 0) {
                        fields.add(sql.substring(fieldStart, i).strip());
                        i++;
                        break;
                    }
                } else if (c == ',' && depth == 1) {
                    fields.add(sql.substring(fieldStart, i).strip());
                    fieldStart = i + 1;
                }
                i++;
            }
            rows.add(new Row(sql.substring(start, i), fields));
            while (i < n && Character.isWhitespace(sql.charAt(i))) {
                i++;
            }
            if (i < n && sql.charAt(i) == ',') {
                i++;
                continue;
            }
            while (i < n && (Character.isWhitespace(sql.charAt(i)) || sql.charAt(i) == ';')) {
                i++;
            }
            return i == n ? Optional.of(rows) : Optional.empty();  // ON DUPLICATE KEY UPDATE and the like: the parser's path
        }
    }

    private static int endOfQuoted(String sql, int start, char quote) {
        int i = start + 1;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\\' && quote != '`') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    private static int columnIndex(String list, String column) {
        String[] names = list.substring(1, list.length() - 1).split(",");
        for (int i = 0; i < names.length; i++) {
            if (unquote(names[i].strip()).equalsIgnoreCase(column)) {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String name) {
        String s = name.strip();
        return s.startsWith("`") && s.endsWith("`") && s.length() >= 2 ? s.substring(1, s.length() - 1).replace("``", "`") : s;
    }
}
