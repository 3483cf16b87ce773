package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.OkPacket;
import io.shardops.dataplane.mysql.ResultSet;
import io.shardops.dataplane.vindex.Value;
import io.shardops.dataplane.vindex.Vindex;
import io.shardops.dataplane.vindex.VindexException;
import io.shardops.spec.TabletType;
import io.shardops.spec.vschema.VSchema;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.HexValue;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * Decides where a statement goes, from the session's target and a routing snapshot. Pure: no I/O,
 * no clock; errors are thrown as {@link io.shardops.dataplane.mysql.MysqlException}s for the client.
 *
 * <p>Unsharded keyspaces get the statement text unchanged and unparsed unless a keyspace-qualified
 * name or an auto-increment sequence needs it. Sharded keyspaces are routed by the table's primary
 * vindex on {@code =} and {@code IN}; everything else is scattered to every serving shard.
 */
public final class Router {
    private static final Pattern NEXT_VALUES = Pattern.compile(
            "(?is)\\s*select\\s+next\\s+(?:(\\d+)\\s+values|value)\\s+from\\s+`?(?:(\\w+)`?\\.`?)?(\\w+)`?\\s*;?\\s*");
    private static final Pattern BEGIN_TRANSACTION = Pattern.compile("(?is)^(?:\\s|/\\*(?!!).*?\\*/)*begin(?:\\s+work)?\\s*;?\\s*$");
    private static final Pattern SET_STATEMENT_FOR = Pattern.compile("(?is)^(?:\\s|/\\*(?!!).*?\\*/)*SET\\s+STATEMENT\\b");
    private static final Pattern AUTOCOMMIT = Pattern.compile("(?is).*\\bautocommit\\s*(?:=|:=)\\s*'?(0|1|on|off|true|false)'?.*");
    private static final Pattern FROM = Pattern.compile("(?i)\\bfrom\\b");
    private static final Pattern DATABASE_FN = Pattern.compile("(?i)\\b(database|schema)\\s*\\(\\s*\\)");

    private final RoutingSnapshot snapshot;
    /** Set only while a prepared statement is analysed: what its placeholders stand for. */
    private final ParameterProbe probe;
    /** The gateway's routes by statement shape; null routes every statement from its parse. */
    private final ShapeRoutes shapes;

    public Router(RoutingSnapshot snapshot) {
        this(snapshot, null, null);
    }

    Router(RoutingSnapshot snapshot, ShapeRoutes shapes) {
        this(snapshot, null, shapes);
    }

    private Router(RoutingSnapshot snapshot, ParameterProbe probe, ShapeRoutes shapes) {
        this.snapshot = snapshot;
        this.probe = probe;
        this.shapes = shapes;
    }

    /**
     * Routing a prepared statement's text with its {@code ?} in place: each placeholder reaching the vindex
     * is read as a value (any value: only which placeholder and which vindex matter), and noted.
     */
    private static final class ParameterProbe {
        final List<Integer> parameters = new ArrayList<>();
        Vindex vindex;

        Value valueOf(net.sf.jsqlparser.expression.JdbcParameter p) {
            parameters.add(p.getIndex() - 1);
            return Value.of(0);
        }
    }

    /** A literal's vindex value; under a probe a placeholder counts as one. */
    private Value value(Expression e) {
        if (probe != null && e instanceof net.sf.jsqlparser.expression.JdbcParameter p && p.getIndex() != null && !p.isUseFixedIndex()) {
            return probe.valueOf(p);
        }
        return literal(e);
    }

    public RoutingSnapshot snapshot() {
        return snapshot;
    }

    /** Routes one statement. */
    public Route route(String sql, Target target) {
        String word = firstWord(sql);
        switch (word) {
            case "use":
                return new Route.Use(checkTarget(Target.parse(afterFirstWord(sql).replaceAll(";\\s*$", ""))));
            case "begin":
                if (!BEGIN_TRANSACTION.matcher(sql).matches()) {
                    // BEGIN NOT ATOMIC ... END is a compound statement: answering OK as to BEGIN would say it ran
                    throw MysqlError.notSupported("unsupported: compound statements (BEGIN NOT ATOMIC ... END) through the gateway").exception();
                }
                return new Route.Transaction(Route.Transaction.Kind.BEGIN);
            case "start":
                if (sql.toLowerCase(Locale.ROOT).contains("transaction")) {
                    return new Route.Transaction(Route.Transaction.Kind.BEGIN);
                }
                break;
            case "commit":
                return new Route.Transaction(Route.Transaction.Kind.COMMIT);
            case "rollback":
                if (!sql.toLowerCase(Locale.ROOT).contains(" to ")) {
                    return new Route.Transaction(Route.Transaction.Kind.ROLLBACK);
                }
                break;
            case "set":
                return routeSet(sql);
            case "show":
                return ShowStatements.route(this, sql, target);
            case "select":
                Matcher m = NEXT_VALUES.matcher(sql);
                if (m.matches()) {
                    long n = m.group(1) == null ? 1 : Long.parseLong(m.group(1));
                    return new Route.NextValues(sequence(m.group(2), m.group(3)), n);
                }
                if (!FROM.matcher(sql).find()) {
                    return chatter(sql, target);
                }
                break;
            default:
                break;
        }
        if (target.shard() != null) {
            String ks = requireKeyspace(target, null);
            return new Route.Forward(new ShardQuery(new ShardTarget(servingKeyspace(ks, target.tabletType()), target.shard(),
                    target.tabletType()), sql));
        }
        return routeByVSchema(sql, word, target);
    }

    /**
     * The one shard that runs a prepared statement of {@code sql} (placeholders in place) as it is, the
     * gateway leaving its text unchanged (no keyspace qualifier to strip, no sequence ids to fill): fixed by
     * the text (an explicit shard, an unsharded keyspace, a vindex column compared to a literal), or named
     * by the one parameter the primary vindex column is compared to. Empty when the parameters must be
     * substituted and the text routed.
     */
    public Optional<PreparedShard> preparedShard(String sql, Target target) {
        if (!PREPARED_AS_IS.contains(firstWord(sql)) || NEXT_VALUES_PREFIX.matcher(sql).lookingAt()) {
            return Optional.empty();  // select next ? values: the gateway answers it from the sequence
        }
        ParameterProbe seen = new ParameterProbe();
        Route route;
        try {
            route = new Router(snapshot, seen, null).route(sql, target);
        } catch (RuntimeException e) {
            return Optional.empty();  // the text path reports it, with the values in place
        }
        if (!(route instanceof Route.Forward f) || !f.query().sql().equals(sql)) {
            return Optional.empty();
        }
        ShardTarget one = f.query().target();
        boolean sharded = target.shard() == null && snapshot.vschema(one.keyspace()).orElse(VSchema.EMPTY).sharded();
        if (!sharded || seen.parameters.isEmpty()) {
            return Optional.of(new PreparedShard.Fixed(one));
        }
        if (seen.parameters.size() != 1 || seen.vindex == null) {
            return Optional.empty();  // IN (?, ?): the shards depend on several values
        }
        return Optional.of(new PreparedShard.ByParameter(seen.parameters.get(0), seen.vindex, one.keyspace(),
                servingShards(one.keyspace(), one.tabletType()), one.tabletType()));
    }

    private static final Pattern NEXT_VALUES_PREFIX = Pattern.compile("(?is)\\s*select\\s+next\\s");
    private static final java.util.Set<String> PREPARED_AS_IS = java.util.Set.of("select", "insert", "update", "delete", "replace");

    // ---- targets and keyspaces ----

    Target checkTarget(Target t) {
        if (t.keyspace() != null && !snapshot.keyspaces().contains(t.keyspace())) {
            throw MysqlError.badDb(t.keyspace()).exception();
        }
        if (t.keyspace() != null && t.shard() != null
                && snapshot.allShards(servingKeyspace(t.keyspace(), t.tabletType())).stream()
                .noneMatch(s -> s.name().equals(t.shard()))) {
            throw MysqlError.badDb(t.keyspace() + "/" + t.shard()).exception();
        }
        return t;
    }

    /** The keyspace whose shards serve {@code keyspace} at this tablet type (served-from during a vertical move). */
    String servingKeyspace(String keyspace, TabletType type) {
        return snapshot.servedFrom(keyspace, type).orElse(keyspace);
    }

    /** The session's keyspace, the only keyspace, or the one whose VSchema has {@code table}. */
    String requireKeyspace(Target target, String table) {
        if (target.keyspace() != null) {
            return target.keyspace();
        }
        List<String> all = snapshot.keyspaces();
        if (all.size() == 1) {
            return all.get(0);
        }
        if (table != null) {
            Optional<String> owner = keyspaceOfTable(table);
            if (owner.isPresent()) {
                return owner.get();
            }
        }
        throw new MysqlError(MysqlError.ER_NO_DB_ERROR, "3D000", table == null
                ? "No database selected: run 'use KEYSPACE' (keyspaces: " + String.join(", ", all) + ")"
                : "table " + table + " not found in any keyspace's VSchema: run 'use KEYSPACE' or qualify it as keyspace.table").exception();
    }

    Optional<String> keyspaceOfTable(String table) {
        String found = null;
        for (String ks : snapshot.keyspaces()) {
            VSchema v = snapshot.vschema(ks).orElse(VSchema.EMPTY);
            if (v.tables().containsKey(table)) {
                if (found != null) {
                    return Optional.empty();
                }
                found = ks;
            }
        }
        return Optional.ofNullable(found);
    }

    List<ShardRef> servingShards(String keyspace, TabletType type) {
        List<ShardRef> shards = snapshot.shards(keyspace, type);
        if (shards.isEmpty()) {
            throw MysqlError.unknown("keyspace " + keyspace + " has no serving shards for tablet type " + type.word()).exception();
        }
        return shards;
    }

    ShardTarget firstShard(String keyspace, TabletType type) {
        String serving = servingKeyspace(keyspace, type);
        return new ShardTarget(serving, servingShards(serving, type).get(0).name(), type);
    }

    // ---- statements the gateway handles itself ----

    private Route routeSet(String sql) {
        Matcher m = AUTOCOMMIT.matcher(sql);
        if (m.matches()) {
            String v = m.group(1).toLowerCase(Locale.ROOT);
            boolean on = v.equals("1") || v.equals("on") || v.equals("true");
            return new Route.Transaction(on ? Route.Transaction.Kind.AUTOCOMMIT_ON : Route.Transaction.Kind.AUTOCOMMIT_OFF);
        }
        if (SET_STATEMENT_FOR.matcher(sql).find()) {
            // SET STATEMENT ... FOR runs a statement: answering OK would say it ran when it did not
            throw MysqlError.notSupported("unsupported: SET STATEMENT ... FOR through the gateway; send the statement by itself").exception();
        }
        // SET NAMES, character sets, sql_mode...: connections are pooled, so session settings are not carried to tablets
        return new Route.Ok(OkPacket.EMPTY);
    }

    /** A SELECT without FROM (version, variables, functions): any tablet of the session's keyspace answers. */
    private Route chatter(String sql, Target target) {
        String ks = target.keyspace() != null ? target.keyspace() : snapshot.keyspaces().isEmpty() ? null : snapshot.keyspaces().get(0);
        if (ks == null) {
            throw MysqlError.unknown("no keyspaces exist yet").exception();
        }
        String text = DATABASE_FN.matcher(sql).replaceAll(target.keyspace() == null ? "NULL"
                : io.shardops.dataplane.mysql.SqlLiterals.quote(target.toString()));
        ShardTarget st = target.shard() != null
                ? new ShardTarget(servingKeyspace(ks, target.tabletType()), target.shard(), target.tabletType())
                : firstShard(ks, target.tabletType());
        return new Route.Forward(new ShardQuery(st, text));
    }

    Route.SequenceRef sequence(String keyspace, String table) {
        if (keyspace != null) {
            return new Route.SequenceRef(keyspace, table);
        }
        for (String ks : snapshot.keyspaces()) {
            VSchema v = snapshot.vschema(ks).orElse(VSchema.EMPTY);
            VSchema.Table t = v.tables().get(table);
            if (t != null && t.isSequence()) {
                return new Route.SequenceRef(ks, table);
            }
        }
        throw new MysqlError(MysqlError.ER_NO_SUCH_TABLE, MysqlError.SQLSTATE_NO_SUCH_TABLE,
                "sequence " + table + " not found: declare it in an unsharded keyspace's VSchema with type sequence").exception();
    }

    // ---- VSchema routing ----

    private Route routeByVSchema(String sql, String word, Target target) {
        boolean knownKeyspace = target.keyspace() != null || snapshot.keyspaces().size() == 1;
        if (knownKeyspace) {
            String ks = requireKeyspace(target, null);
            String serving = servingKeyspace(ks, target.tabletType());
            VSchema v = snapshot.vschema(serving).orElse(VSchema.EMPTY);
            if (!v.sharded() && !needsParse(sql, word, v)) {
                return new Route.Forward(new ShardQuery(firstShard(ks, target.tabletType()), sql));
            }
        }
        if (shapes != null) {
            Optional<Route> known = shapes.route(this, sql, target);
            if (known.isPresent()) {
                return known.get();
            }
        }
        Statement st = SqlParser.parse(sql);
        String table = mainTable(st);
        String ks = qualifier(st) != null && snapshot.keyspaces().contains(qualifier(st)) ? qualifier(st)
                : requireKeyspace(target, table);
        if (target.keyspace() != null && table != null && qualifier(st) == null) {
            VSchema own = snapshot.vschema(servingKeyspace(ks, target.tabletType())).orElse(VSchema.EMPTY);
            if (own.sharded() && !own.tables().containsKey(table)) {
                ks = keyspaceOfTable(table).orElse(ks);  // a table of another keyspace, named without its keyspace
            }
        }
        String serving = servingKeyspace(ks, target.tabletType());
        VSchema v = snapshot.vschema(serving).orElse(VSchema.EMPTY);
        boolean rewritten = stripKeyspaceQualifiers(st);
        String text = rewritten ? st.toString() : sql;
        TabletType type = target.tabletType();
        if (!v.sharded()) {
            ShardTarget one = new ShardTarget(serving, servingShards(serving, type).get(0).name(), type);
            if (st instanceof Insert ins && table != null) {
                VSchema.Table t = v.tables().get(table);
                if (t != null && t.autoIncrement() != null) {
                    return fillSequence(ins, t, (rows, filled) -> new Route.Forward(new ShardQuery(one, filled ? ins.toString() : text)));
                }
            }
            return new Route.Forward(new ShardQuery(one, text));
        }
        List<ShardRef> shards = servingShards(serving, type);
        ShardedRouting sr = new ShardedRouting(serving, v, shards, type);
        if (st instanceof Select sel) {
            return sr.select(sel, text, table);
        }
        if (st instanceof Insert ins) {
            return sr.insert(ins, table, text);
        }
        if (st instanceof Update up) {
            return sr.update(up, text, table);
        }
        if (st instanceof Delete del) {
            return sr.delete(del, text, table);
        }
        // DDL and the rest: every shard of the keyspace
        return new Route.MultiWrite(sr.all(text));
    }

    private boolean needsParse(String sql, String word, VSchema v) {
        if (word.equals("insert") || word.equals("replace")) {
            for (VSchema.Table t : v.tables().values()) {
                if (t.autoIncrement() != null) {
                    return true;
                }
            }
        }
        for (String ks : snapshot.keyspaces()) {
            if (namesQualifier(sql, ks)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code ks.} or {@code `ks`.} occurs in the SQL, ignoring case; without copying the statement, as this runs per statement. */
    static boolean namesQualifier(String sql, String ks) {
        int n = ks.length();
        for (int i = sql.indexOf('.'); i >= 0; i = sql.indexOf('.', i + 1)) {
            if (i >= n && sql.regionMatches(true, i - n, ks, 0, n)) {
                return true;
            }
            if (i >= n + 2 && sql.charAt(i - 1) == '`' && sql.charAt(i - n - 2) == '`' && sql.regionMatches(true, i - n - 1, ks, 0, n)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Inserts with the auto-increment column missing or NULL get ids from the table's sequence first; {@code then}
     * is told whether ids were filled in (the statement's text then no longer says what it does).
     */
    Route fillSequence(Insert ins, VSchema.Table t, java.util.function.BiFunction<List<ExpressionList<?>>, Boolean, Route> then) {
        List<ExpressionList<?>> rows = rows(ins);
        ExpressionList<Column> cols = ins.getColumns();
        if (cols == null) {
            return then.apply(rows, false);
        }
        String autoCol = t.autoIncrement().column();
        int idx = columnIndex(cols, autoCol);
        int missing = 0;
        for (ExpressionList<?> row : rows) {
            if (idx < 0 || row.get(idx) instanceof NullValue) {
                missing++;
            }
        }
        if (missing == 0) {
            return then.apply(rows, false);
        }
        Route.SequenceRef seq = sequence(null, unqualified(t.autoIncrement().sequence()));
        int count = missing;
        return new Route.WithSequenceIds(seq, count, ids -> {
            int k = 0;
            int col = idx;
            if (col < 0) {
                @SuppressWarnings("unchecked")
                ExpressionList<Column> c = (ExpressionList<Column>) (ExpressionList<?>) cols;
                c.add(new Column(autoCol));
                col = c.size() - 1;
            }
            List<ParenthesedExpressionList<Expression>> newRows = new ArrayList<>();
            for (ExpressionList<?> row : rows) {
                List<Expression> values = new ArrayList<>(row);
                if (col >= values.size()) {
                    values.add(new LongValue(ids[k++]));
                } else if (values.get(col) instanceof NullValue) {
                    values.set(col, new LongValue(ids[k++]));
                }
                newRows.add(new ParenthesedExpressionList<>(values));
            }
            setRows(ins, newRows);
            return then.apply(new ArrayList<>(newRows), true);
        });
    }

    private static String unqualified(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }

    static List<ExpressionList<?>> rows(Insert ins) {
        Values values = ins.getValues();
        if (values == null) {
            throw MysqlError.notSupported("unsupported: INSERT ... SELECT in a keyspace with sequences or shards").exception();
        }
        ExpressionList<?> e = values.getExpressions();
        List<ExpressionList<?>> rows = new ArrayList<>();
        if (!e.isEmpty() && e.get(0) instanceof ExpressionList<?>) {
            for (Object o : e) {
                rows.add((ExpressionList<?>) o);
            }
        } else {
            rows.add(e);
        }
        return rows;
    }

    static void setRows(Insert ins, List<ParenthesedExpressionList<Expression>> rows) {
        ExpressionList<Expression> list = new ExpressionList<>();
        list.addAll(rows);
        ins.getValues().setExpressions(list);
    }

    static int columnIndex(ExpressionList<Column> cols, String name) {
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).getColumnName().replace("`", "").equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String mainTable(Statement st) {
        Table t = mainTableRef(st);
        return t == null ? null : t.getName().replace("`", "");
    }

    private static String qualifier(Statement st) {
        Table t = mainTableRef(st);
        return t == null || t.getSchemaName() == null ? null : t.getSchemaName().replace("`", "");
    }

    private static Table mainTableRef(Statement st) {
        if (st instanceof PlainSelect ps && ps.getFromItem() instanceof Table t) {
            return t;
        }
        if (st instanceof Insert i) {
            return i.getTable();
        }
        if (st instanceof Update u) {
            return u.getTable();
        }
        if (st instanceof Delete d) {
            return d.getTable();
        }
        return null;
    }

    /** Drops {@code keyspace.} from table names: tablets know their tables unqualified. */
    private boolean stripKeyspaceQualifiers(Statement st) {
        boolean[] changed = {false};
        java.util.function.Consumer<FromItem> fix = fi -> {
            if (fi instanceof Table t && t.getSchemaName() != null
                    && snapshot.keyspaces().contains(t.getSchemaName().replace("`", ""))) {
                t.setSchemaName(null);
                changed[0] = true;
            }
        };
        if (st instanceof PlainSelect ps) {
            fix.accept(ps.getFromItem());
            if (ps.getJoins() != null) {
                for (Join j : ps.getJoins()) {
                    fix.accept(j.getRightItem());
                }
            }
        } else if (st instanceof Insert i) {
            fix.accept(i.getTable());
        } else if (st instanceof Update u) {
            fix.accept(u.getTable());
        } else if (st instanceof Delete d) {
            fix.accept(d.getTable());
        }
        return changed[0];
    }

    static String firstWord(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (sql.startsWith("/*", i) && !sql.startsWith("/*!", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (sql.startsWith("--", i) || c == '#') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else {
                break;
            }
        }
        int start = i;
        while (i < n && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(start, i).toLowerCase(Locale.ROOT);
    }

    static String afterFirstWord(String sql) {
        String w = firstWord(sql);
        int at = sql.toLowerCase(Locale.ROOT).indexOf(w);
        return sql.substring(at + w.length()).trim();
    }

    // ---- sharded keyspaces ----

    /** Routing inside one sharded keyspace. */
    final class ShardedRouting {
        final String keyspace;
        final VSchema vschema;
        final List<ShardRef> shards;
        final TabletType type;

        ShardedRouting(String keyspace, VSchema vschema, List<ShardRef> shards, TabletType type) {
            this.keyspace = keyspace;
            this.vschema = vschema;
            this.shards = shards;
            this.type = type;
        }

        List<ShardQuery> all(String sql) {
            List<ShardQuery> q = new ArrayList<>();
            for (ShardRef s : shards) {
                q.add(new ShardQuery(new ShardTarget(keyspace, s.name(), type), sql));
            }
            return q;
        }

        List<ShardQuery> to(List<ShardRef> targets, String sql) {
            List<ShardQuery> q = new ArrayList<>();
            for (ShardRef s : targets) {
                q.add(new ShardQuery(new ShardTarget(keyspace, s.name(), type), sql));
            }
            return q;
        }

        VSchema.Table table(String name) {
            VSchema.Table t = name == null ? null : vschema.tables().get(name);
            if (t == null) {
                throw new MysqlError(MysqlError.ER_NO_SUCH_TABLE, MysqlError.SQLSTATE_NO_SUCH_TABLE,
                        "table " + name + " not found in the VSchema of sharded keyspace " + keyspace).exception();
            }
            return t;
        }

        Vindex vindex(VSchema.Table t, String tableName) {
            VSchema.ColumnVindex cv = t.primaryVindex().orElseThrow(() -> MysqlError.unknown(
                    "table " + tableName + " in sharded keyspace " + keyspace + " has no primary vindex").exception());
            VSchema.Vindex decl = vschema.vindexes().get(cv.name());
            String type = decl == null ? cv.name() : decl.type();
            Vindex vindex = Vindex.forType(type).orElseThrow(() -> MysqlError.notSupported(
                    "vindex type " + type + " is not supported; use hash, binary_md5, unicode_loose_md5 or binary").exception());
            if (probe != null) {
                probe.vindex = vindex;
            }
            return vindex;
        }

        /** The shards holding the keyspace ids of {@code values}; all shards when values is null. */
        List<ShardRef> shardsFor(Vindex vindex, List<Value> values) {
            if (values == null) {
                return shards;
            }
            List<ShardRef> out = new ArrayList<>();
            for (Value v : values) {
                byte[] ksid = keyspaceId(vindex, v);
                for (ShardRef s : shards) {
                    if (s.keyRange().contains(ksid) && !out.contains(s)) {
                        out.add(s);
                    }
                }
            }
            out.sort(java.util.Comparator.comparingInt(shards::indexOf));
            return out;
        }

        byte[] keyspaceId(Vindex vindex, Value v) {
            try {
                return vindex.keyspaceId(v);
            } catch (VindexException e) {
                throw MysqlError.unknown(e.getMessage()).exception();
            }
        }

        ShardRef shardOf(byte[] ksid) {
            return ShardRef.holding(shards, ksid).orElseThrow(() -> MysqlError.unknown("no serving shard of " + keyspace
                    + " covers keyspace id " + java.util.HexFormat.of().formatHex(ksid)).exception());
        }

        Route select(Select sel, String text, String tableName) {
            if (sel instanceof PlainSelect noTable && noTable.getFromItem() == null) {
                // select 'title', select 1+1: no rows of the keyspace are read, so any one shard answers it
                return new Route.Forward(new ShardQuery(new ShardTarget(keyspace, shards.get(0).name(), type), text));
            }
            if (!(sel instanceof PlainSelect ps) || !(ps.getFromItem() instanceof Table)) {
                return scatterUnsupportedUnlessSingle(text, "this kind of SELECT (UNION, subquery in FROM)");
            }
            VSchema.Table t = table(tableName);
            if (t.primaryVindex().isEmpty() && "reference".equals(t.type())) {
                return new Route.Forward(new ShardQuery(new ShardTarget(keyspace, shards.get(0).name(), type), text));
            }
            Vindex vindex = vindex(t, tableName);
            String alias = ps.getFromItem().getAlias() == null ? null : ps.getFromItem().getAlias().getName();
            List<Value> values = vindexValues(ps.getWhere(), t.primaryVindex().get().column(), tableName, alias);
            List<ShardRef> targets = shardsFor(vindex, values);
            if (targets.isEmpty()) {
                targets = List.of(shards.get(0));  // e.g. "id = NULL": any one shard answers the empty result
            }
            if (targets.size() == 1) {
                return new Route.Forward(new ShardQuery(new ShardTarget(keyspace, targets.get(0).name(), type), text));
            }
            if (ps.getJoins() != null && !ps.getJoins().isEmpty()) {
                throw MysqlError.notSupported("unsupported: cross-shard join; add the primary vindex column ("
                        + t.primaryVindex().get().column() + ") to the WHERE clause so the join runs on one shard").exception();
            }
            return scatterSelect(ps, targets);
        }

        private Route scatterUnsupportedUnlessSingle(String text, String what) {
            if (shards.size() == 1) {
                return new Route.Forward(new ShardQuery(new ShardTarget(keyspace, shards.get(0).name(), type), text));
            }
            throw MysqlError.notSupported("unsupported: " + what + " across shards of " + keyspace
                    + "; target one shard with 'use " + keyspace + "/SHARD'").exception();
        }

        Route scatterSelect(PlainSelect ps, List<ShardRef> targets) {
            if (ps.getHaving() != null) {
                throw MysqlError.notSupported("unsupported: HAVING in a query that goes to several shards").exception();
            }
            List<SelectItem<?>> items = ps.getSelectItems();
            List<MergeSpec.Aggregate> aggs = new ArrayList<>();
            boolean anyAgg = false;
            boolean star = false;
            for (SelectItem<?> item : items) {
                Expression e = item.getExpression();
                if (e instanceof AllColumns) {
                    star = true;
                }
                MergeSpec.Aggregate a = MergeSpec.Aggregate.NONE;
                if (e instanceof Function f && f.getName() != null) {
                    String name = f.getName().toLowerCase(Locale.ROOT);
                    if (f.isDistinct() && !name.equals("min") && !name.equals("max")) {
                        throw MysqlError.notSupported("unsupported: " + f + " across shards").exception();
                    }
                    a = switch (name) {
                        case "count" -> MergeSpec.Aggregate.COUNT;
                        case "sum" -> MergeSpec.Aggregate.SUM;
                        case "min" -> MergeSpec.Aggregate.MIN;
                        case "max" -> MergeSpec.Aggregate.MAX;
                        case "avg" -> throw MysqlError.notSupported(
                                "unsupported: AVG across shards; select SUM(x) and COUNT(x) instead").exception();
                        default -> MergeSpec.Aggregate.NONE;
                    };
                }
                anyAgg |= a != MergeSpec.Aggregate.NONE;
                aggs.add(a);
            }
            List<Integer> groupBy = new ArrayList<>();
            if (ps.getGroupBy() != null) {
                for (Object o : ps.getGroupBy().getGroupByExpressionList()) {
                    groupBy.add(selectIndex(items, (Expression) o, "GROUP BY"));
                }
            }
            boolean distinct = ps.getDistinct() != null;
            if (distinct) {
                if (star || anyAgg) {
                    throw MysqlError.notSupported("unsupported: DISTINCT with * or aggregates across shards").exception();
                }
                for (int i = 0; i < items.size(); i++) {
                    groupBy.add(i);
                }
            }
            boolean aggregating = anyAgg || !groupBy.isEmpty();
            if (aggregating && star) {
                throw MysqlError.notSupported("unsupported: * together with aggregates across shards").exception();
            }
            List<MergeSpec.SortKey> order = new ArrayList<>();
            if (ps.getOrderByElements() != null) {
                for (OrderByElement ob : ps.getOrderByElements()) {
                    int idx = star ? -1 : selectIndex(items, ob.getExpression(), "ORDER BY");
                    if (idx < 0) {
                        throw MysqlError.notSupported("unsupported: ORDER BY with SELECT * across shards; name the columns").exception();
                    }
                    order.add(new MergeSpec.SortKey(idx, !ob.isAsc()));
                }
            }
            long offset = 0;
            long limit = -1;
            Limit l = ps.getLimit();
            String shardSql;
            if (l != null) {
                if (!(l.getRowCount() instanceof LongValue rc) || (l.getOffset() != null && !(l.getOffset() instanceof LongValue))) {
                    throw MysqlError.notSupported("unsupported: LIMIT without literal numbers across shards").exception();
                }
                limit = rc.getValue();
                offset = l.getOffset() == null ? 0 : ((LongValue) l.getOffset()).getValue();
                if (aggregating) {
                    ps.setLimit(null);  // groups merge across shards: each shard must send all of its groups
                } else {
                    Limit perShard = new Limit();
                    perShard.setRowCount(new LongValue(offset + limit));
                    ps.setLimit(perShard);
                }
            }
            if (ps.getOffset() != null) {
                throw MysqlError.notSupported("unsupported: OFFSET clause across shards; use LIMIT offset, count").exception();
            }
            shardSql = ps.toString();
            MergeSpec spec = new MergeSpec(aggregating ? aggs : List.of(), groupBy, order, offset, limit, -1);
            return new Route.Scatter(to(targets, shardSql), spec);
        }

        private int selectIndex(List<SelectItem<?>> items, Expression e, String clause) {
            if (e instanceof LongValue lv) {
                int pos = (int) lv.getValue() - 1;
                if (pos >= 0 && pos < items.size()) {
                    return pos;
                }
            }
            String text = e.toString();
            for (int i = 0; i < items.size(); i++) {
                SelectItem<?> it = items.get(i);
                if (it.getAlias() != null && it.getAlias().getName().replace("`", "").equalsIgnoreCase(text.replace("`", ""))) {
                    return i;
                }
            }
            for (int i = 0; i < items.size(); i++) {
                Expression ie = items.get(i).getExpression();
                if (ie.toString().equalsIgnoreCase(text)) {
                    return i;
                }
                if (ie instanceof Column c && e instanceof Column oc
                        && c.getColumnName().replace("`", "").equalsIgnoreCase(oc.getColumnName().replace("`", ""))) {
                    return i;
                }
            }
            throw MysqlError.notSupported("unsupported: " + clause + " " + text
                    + " must name a column of the select list in a query that goes to several shards").exception();
        }

        /** @param text the statement as it is sent when all its rows go to one shard unchanged */
        Route insert(Insert ins, String tableName, String text) {
            VSchema.Table t = table(tableName);
            if (ins.getColumns() == null) {
                throw MysqlError.notSupported("unsupported: INSERT without a column list into sharded table " + tableName).exception();
            }
            if (t.autoIncrement() != null) {
                return fillSequence(ins, t, (rows, filled) -> splitInsert(ins, t, tableName, rows, filled ? null : text));
            }
            return splitInsert(ins, t, tableName, rows(ins), text);
        }

        /** @param text the statement's text if it needs no change when one shard takes every row, else null */
        private Route splitInsert(Insert ins, VSchema.Table t, String tableName, List<ExpressionList<?>> rows, String text) {
            Vindex vindex = vindex(t, tableName);
            String col = t.primaryVindex().get().column();
            int idx = columnIndex(ins.getColumns(), col);
            if (idx < 0) {
                throw MysqlError.unknown("insert into sharded table " + tableName + " must give the primary vindex column " + col).exception();
            }
            Map<ShardRef, List<ParenthesedExpressionList<Expression>>> byShard = new LinkedHashMap<>();
            for (ExpressionList<?> row : rows) {
                if (idx >= row.size()) {
                    throw MysqlError.unknown("insert row has fewer values than columns").exception();
                }
                Value v = value(row.get(idx));
                if (v == null) {
                    throw MysqlError.unknown("insert into " + tableName + ": " + col + " must be a literal value, got " + row.get(idx)).exception();
                }
                ShardRef s = shardOf(keyspaceId(vindex, v));
                List<Expression> values = new ArrayList<>(row);
                byShard.computeIfAbsent(s, k -> new ArrayList<>()).add(new ParenthesedExpressionList<>(values));
            }
            if (byShard.size() == 1 && text != null) {
                ShardRef only = byShard.keySet().iterator().next();
                return new Route.Forward(new ShardQuery(new ShardTarget(keyspace, only.name(), type), text));
            }
            List<ShardQuery> queries = new ArrayList<>();
            List<ShardRef> ordered = new ArrayList<>(byShard.keySet());
            ordered.sort(java.util.Comparator.comparingInt(shards::indexOf));
            for (ShardRef s : ordered) {
                setRows(ins, byShard.get(s));
                queries.add(new ShardQuery(new ShardTarget(keyspace, s.name(), type), ins.toString()));
            }
            return queries.size() == 1 ? new Route.Forward(queries.get(0)) : new Route.MultiWrite(queries);
        }

        Route update(Update up, String text, String tableName) {
            VSchema.Table t = table(tableName);
            Vindex vindex = vindex(t, tableName);
            String col = t.primaryVindex().get().column();
            for (UpdateSet set : up.getUpdateSets()) {
                for (Column c : set.getColumns()) {
                    if (c.getColumnName().replace("`", "").equalsIgnoreCase(col)) {
                        throw MysqlError.notSupported("unsupported: changing the primary vindex column " + col
                                + " would move the row to another shard; delete and insert it instead").exception();
                    }
                }
            }
            String alias = up.getTable().getAlias() == null ? null : up.getTable().getAlias().getName();
            return writeTo(shardsFor(vindex, vindexValues(up.getWhere(), col, tableName, alias)), text, up.getLimit() != null);
        }

        Route delete(Delete del, String text, String tableName) {
            VSchema.Table t = table(tableName);
            Vindex vindex = vindex(t, tableName);
            String col = t.primaryVindex().get().column();
            String alias = del.getTable().getAlias() == null ? null : del.getTable().getAlias().getName();
            return writeTo(shardsFor(vindex, vindexValues(del.getWhere(), col, tableName, alias)), text, del.getLimit() != null);
        }

        private Route writeTo(List<ShardRef> targets, String text, boolean hasLimit) {
            if (targets.isEmpty()) {
                return new Route.Ok(OkPacket.affected(0, 0));
            }
            if (targets.size() == 1) {
                return new Route.Forward(new ShardQuery(new ShardTarget(keyspace, targets.get(0).name(), type), text));
            }
            if (hasLimit) {
                throw MysqlError.notSupported("unsupported: UPDATE/DELETE with LIMIT across shards").exception();
            }
            return new Route.MultiWrite(to(targets, text));
        }
    }

    /**
     * The values the WHERE clause pins {@code column} to, from top-level {@code column = literal} or
     * {@code column IN (literals)} terms joined by AND; null when it does not pin it.
     */
    List<Value> vindexValues(Expression where, String column, String table, String alias) {
        if (where == null) {
            return null;
        }
        if (where instanceof AndExpression and) {
            List<Value> left = vindexValues(and.getLeftExpression(), column, table, alias);
            return left != null ? left : vindexValues(and.getRightExpression(), column, table, alias);
        }
        if (where instanceof net.sf.jsqlparser.expression.Parenthesis p) {
            return vindexValues(p.getExpression(), column, table, alias);
        }
        if (where instanceof ParenthesedExpressionList<?> pl && pl.size() == 1) {
            return vindexValues(pl.get(0), column, table, alias);
        }
        if (where instanceof EqualsTo eq) {
            Expression l = eq.getLeftExpression();
            Expression r = eq.getRightExpression();
            if (isColumn(r, column, table, alias)) {
                Expression tmp = l;
                l = r;
                r = tmp;
            }
            if (isColumn(l, column, table, alias)) {
                if (r instanceof NullValue) {
                    return List.of();
                }
                Value v = value(r);
                return v == null ? null : List.of(v);
            }
            return null;
        }
        if (where instanceof InExpression in && !in.isNot() && isColumn(in.getLeftExpression(), column, table, alias)
                && in.getRightExpression() instanceof AndExpression and && and.getLeftExpression() instanceof ExpressionList<?>) {
            // JSqlParser 5.3 reads "c IN (1, 2) AND x" as "c IN ((1, 2) AND x)"; AND only narrows, so route by the list
            InExpression only = new InExpression(in.getLeftExpression(), and.getLeftExpression());
            return vindexValues(only, column, table, alias);
        }
        if (where instanceof InExpression in && !in.isNot() && isColumn(in.getLeftExpression(), column, table, alias)
                && in.getRightExpression() instanceof ExpressionList<?> list) {
            List<Value> values = new ArrayList<>();
            for (Object o : list) {
                Value v = value((Expression) o);
                if (v == null) {
                    return null;
                }
                values.add(v);
            }
            return values;
        }
        return null;
    }

    private static boolean isColumn(Expression e, String column, String table, String alias) {
        if (!(e instanceof Column c) || !c.getColumnName().replace("`", "").equalsIgnoreCase(column)) {
            return false;
        }
        Table t = c.getTable();
        if (t == null || t.getName() == null) {
            return true;
        }
        String q = t.getName().replace("`", "");
        return q.equalsIgnoreCase(table) || (alias != null && q.equalsIgnoreCase(alias));
    }

    /** A literal's vindex value, or null when the expression is not a literal. */
    static Value literal(Expression e) {
        if (e instanceof LongValue lv) {
            return new Value.Int(new BigInteger(lv.getStringValue()));
        }
        if (e instanceof SignedExpression se && se.getExpression() instanceof LongValue lv) {
            BigInteger v = new BigInteger(lv.getStringValue());
            return new Value.Int(se.getSign() == '-' ? v.negate() : v);
        }
        if (e instanceof StringValue sv) {
            return new Value.Text(unescape(sv.getValue()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (e instanceof HexValue hv) {
            String h = hv.getValue();
            String digits = h.startsWith("0x") || h.startsWith("0X") ? h.substring(2) : h.substring(2, h.length() - 1);
            return new Value.Text(java.util.HexFormat.of().parseHex(digits.length() % 2 == 0 ? digits : "0" + digits));
        }
        return null;
    }

    /** MySQL string-literal escapes, as JSqlParser keeps them verbatim. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0 && !s.contains("''")) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(switch (n) {
                    case '0' -> '\0';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'Z' -> (char) 26;
                    case 'b' -> '\b';
                    default -> n;
                });
            } else if (c == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                sb.append('\'');
                i++;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Empty result with the given column names. */
    static ResultSet table(List<String> columns, List<List<String>> rows) {
        return ResultSet.ofStrings(columns, rows);
    }
}
