package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.OkPacket;
import io.shardops.dataplane.vindex.Value;
import io.shardops.dataplane.vindex.Vindex;
import io.shardops.dataplane.vindex.VindexException;
import io.shardops.spec.TabletType;
import io.shardops.spec.vschema.VSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * Routing inside one sharded keyspace by the table's primary vindex on {@code =} and {@code IN}; everything
 * else is scattered to every serving shard.
 */
final class ShardedRouting {
    private final String keyspace;
    private final VSchema vschema;
    private final List<ShardRef> shards;
    private final TabletType type;
    /** Set only while a prepared statement is analysed: what its placeholders stand for. */
    private final ParameterProbe probe;

    ShardedRouting(String keyspace, VSchema vschema, List<ShardRef> shards, TabletType type, ParameterProbe probe) {
        this.keyspace = keyspace;
        this.vschema = vschema;
        this.shards = shards;
        this.type = type;
        this.probe = probe;
    }

    List<ShardRef> shards() {
        return shards;
    }

    ShardQuery query(ShardRef shard, String sql) {
        return new ShardQuery(new ShardTarget(keyspace, shard.name(), type), sql);
    }

    List<ShardQuery> all(String sql) {
        return to(shards, sql);
    }

    List<ShardQuery> to(List<ShardRef> targets, String sql) {
        List<ShardQuery> q = new ArrayList<>();
        for (ShardRef s : targets) {
            q.add(query(s, sql));
        }
        return q;
    }

    /** A literal's vindex value; under a probe a placeholder counts as one. */
    Value value(Expression e) {
        return ParameterProbe.value(probe, e);
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
        out.sort(Comparator.comparingInt(shards::indexOf));
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
                + " covers keyspace id " + HexFormat.of().formatHex(ksid)).exception());
    }

    Route select(Select sel, String text, String tableName) {
        return select(sel, text, tableName, null);
    }

    /** @param parsed the text {@code sel} was parsed from, for the select list's labels as written; null when unknown */
    Route select(Select sel, String text, String tableName, String parsed) {
        if (sel instanceof PlainSelect noTable && noTable.getFromItem() == null) {
            // select 'title', select 1+1: no rows of the keyspace are read, so any one shard answers it
            return new Route.Forward(query(shards.get(0), text));
        }
        if (sel instanceof SetOperationList union && shards.size() > 1) {
            return Unions.route(union);
        }
        if (sel instanceof PlainSelect outer && outer.getFromItem() instanceof ParenthesedSelect derived) {
            return DerivedTables.route(this, vschema, outer, derived, text);
        }
        if (!(sel instanceof PlainSelect ps) || !(ps.getFromItem() instanceof Table)) {
            return scatterUnsupportedUnlessSingle(text, "this kind of SELECT (subquery in FROM)");
        }
        VSchema.Table t = table(tableName);
        if (t.primaryVindex().isEmpty() && "reference".equals(t.type())) {
            return new Route.Forward(query(shards.get(0), text));
        }
        Vindex vindex = vindex(t, tableName);
        String alias = ps.getFromItem().getAlias() == null ? null : ps.getFromItem().getAlias().getName();
        List<Value> values = vindexValues(ps.getWhere(), t.primaryVindex().get().column(), tableName, alias);
        List<ShardRef> targets = shardsFor(vindex, values);
        if (targets.isEmpty()) {
            targets = List.of(shards.get(0));  // e.g. "id = NULL": any one shard answers the empty result
        }
        if (targets.size() == 1) {
            return new Route.Forward(query(targets.get(0), text));
        }
        if (ps.getJoins() != null && !ps.getJoins().isEmpty()) {
            JoinPushdown.problem(ps, vschema).ifPresent(problem -> {
                throw MysqlError.notSupported("unsupported: cross-shard join (" + problem + "); or add the primary vindex column ("
                        + t.primaryVindex().get().column() + ") to the WHERE clause so the join runs on one shard").exception();
            });
        }
        List<ShardRef> scattered = targets;
        return ScatterSelect.plan(ps, t.primaryVindex().get().column(), parsed, sql -> to(scattered, sql));
    }

    private Route scatterUnsupportedUnlessSingle(String text, String what) {
        if (shards.size() == 1) {
            return new Route.Forward(query(shards.get(0), text));
        }
        throw MysqlError.notSupported("unsupported: " + what + " across shards of " + keyspace
                + "; target one shard with 'use " + keyspace + "/SHARD'").exception();
    }

    /**
     * A write to a reference table (no primary vindex, a copy on every shard, as the spec declares it): the same
     * statement on every shard, so the copies stay equal.
     */
    java.util.Optional<Route> toReferenceTable(String tableName, String text) {
        VSchema.Table t = tableName == null ? null : vschema.tables().get(tableName);
        if (t == null || t.primaryVindex().isPresent() || !"reference".equals(t.type())) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Route.MultiWrite(to(shards, text), true));
    }

    Route update(Update up, String text, String tableName) {
        java.util.Optional<Route> reference = toReferenceTable(tableName, text);
        if (reference.isPresent()) {
            return reference.get();
        }
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
        java.util.Optional<Route> reference = toReferenceTable(tableName, text);
        if (reference.isPresent()) {
            return reference.get();
        }
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
            return new Route.Forward(query(targets.get(0), text));
        }
        if (hasLimit) {
            throw MysqlError.notSupported("unsupported: UPDATE/DELETE with LIMIT across shards").exception();
        }
        return new Route.MultiWrite(to(targets, text));
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
        if (where instanceof Parenthesis p) {
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
}
