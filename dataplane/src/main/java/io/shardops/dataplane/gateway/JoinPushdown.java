package io.shardops.dataplane.gateway;

import io.shardops.spec.vschema.VSchema;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.PlainSelect;

/**
 * Whether a join in a sharded keyspace can run on every shard as it is, its rows merged at the gateway:
 * each joined table shares the primary vindex (same vindex type, so equal values have equal keyspace ids)
 * with a table already joined, and the join condition equates their vindex columns ({@code ON a.id = b.id}
 * or {@code USING (id)}). Then every pair of joined rows lives on one shard, and the union of the shards'
 * joins is the join. Pure.
 */
final class JoinPushdown {
    private JoinPushdown() {}

    private record Joined(String table, String vindexColumn, String vindexType) {}

    /** Empty when the join runs on every shard; else what keeps it from doing so, for the client's error. */
    static Optional<String> problem(PlainSelect ps, VSchema vschema) {
        Map<String, Joined> byName = new HashMap<>();
        Set<String> linked = new HashSet<>();
        String main = register(ps.getFromItem(), vschema, byName);
        if (main == null) {
            return Optional.of("the first table has no primary vindex in the VSchema");
        }
        linked.add(main);
        for (Join join : ps.getJoins()) {
            if (join.isCross() || join.isNatural() || join.isFull() || join.isApply() || join.isSemi()
                    || (join.isSimple() && join.getOnExpressions().isEmpty())) {
                return Optional.of("only INNER, LEFT and RIGHT joins with ON or USING are run on every shard");
            }
            String right = register(join.getRightItem(), vschema, byName);
            if (right == null) {
                return Optional.of("joined " + join.getRightItem() + " is not a table of the keyspace's VSchema with a primary vindex");
            }
            Joined r = byName.get(right);
            boolean onVindex = false;
            if (join.getUsingColumns() != null) {
                for (Column c : join.getUsingColumns()) {
                    String name = unquote(c.getColumnName());
                    onVindex |= name.equalsIgnoreCase(r.vindexColumn())
                            && linked.stream().map(byName::get).anyMatch(l -> sameVindex(l, r) && l.vindexColumn().equalsIgnoreCase(name));
                }
            }
            for (Expression on : join.getOnExpressions()) {
                onVindex |= equatesVindexColumns(on, right, linked, byName);
            }
            if (!onVindex) {
                return Optional.of("join " + r.table() + " on its primary vindex column " + r.vindexColumn()
                        + " equal to that of a table before it (same vindex type)");
            }
            linked.add(right);
        }
        return Optional.empty();
    }

    /** The name the query uses for the table (its alias, else its name), or null when it has no primary vindex. */
    private static String register(FromItem item, VSchema vschema, Map<String, Joined> byName) {
        if (!(item instanceof Table t)) {
            return null;
        }
        String table = unquote(t.getName());
        VSchema.Table vt = vschema.tables().get(table);
        if (vt == null || vt.primaryVindex().isEmpty()) {
            return null;
        }
        VSchema.ColumnVindex cv = vt.primaryVindex().get();
        VSchema.Vindex decl = vschema.vindexes().get(cv.name());
        String ref = (t.getAlias() != null ? unquote(t.getAlias().getName()) : table).toLowerCase(Locale.ROOT);
        byName.put(ref, new Joined(table, cv.column(), decl == null ? cv.name() : decl.type()));
        return ref;
    }

    private static boolean sameVindex(Joined a, Joined b) {
        return a.vindexType().equalsIgnoreCase(b.vindexType());
    }

    /** Whether the top-level AND terms of {@code on} include {@code right.vindex = linked.vindex}. */
    private static boolean equatesVindexColumns(Expression on, String right, Set<String> linked, Map<String, Joined> byName) {
        if (on instanceof Parenthesis p) {
            return equatesVindexColumns(p.getExpression(), right, linked, byName);
        }
        if (on instanceof AndExpression and) {
            return equatesVindexColumns(and.getLeftExpression(), right, linked, byName)
                    || equatesVindexColumns(and.getRightExpression(), right, linked, byName);
        }
        if (on instanceof EqualsTo eq && eq.getLeftExpression() instanceof Column a && eq.getRightExpression() instanceof Column b) {
            return pairs(a, b, right, linked, byName) || pairs(b, a, right, linked, byName);
        }
        return false;
    }

    private static boolean pairs(Column mine, Column other, String right, Set<String> linked, Map<String, Joined> byName) {
        String mineRef = ref(mine);
        String otherRef = ref(other);
        if (!right.equals(mineRef) || otherRef == null || !linked.contains(otherRef)) {
            return false;
        }
        Joined r = byName.get(right);
        Joined l = byName.get(otherRef);
        return sameVindex(l, r) && unquote(mine.getColumnName()).equalsIgnoreCase(r.vindexColumn())
                && unquote(other.getColumnName()).equalsIgnoreCase(l.vindexColumn());
    }

    private static String ref(Column c) {
        Table t = c.getTable();
        return t == null || t.getName() == null ? null : unquote(t.getName()).toLowerCase(Locale.ROOT);
    }

    private static String unquote(String name) {
        return name.replace("`", "");
    }
}
