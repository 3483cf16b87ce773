package io.shardops.dataplane.gateway;

import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.conditional.XorExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;

/**
 * Replaces the subqueries of an expression tree by what a {@link Replacer} makes of them, without descending
 * into a subquery. Nodes it does not know are left as they are (their subqueries too): the caller checks
 * what is left.
 */
final class ExpressionRewrite {
    private ExpressionRewrite() {}

    /** What a subquery becomes, by where it stands; return the node given to keep it. */
    interface Replacer {
        /** {@code x = (select ...)}, {@code (select ...)} as a value. */
        Expression scalar(ParenthesedSelect subquery);

        /** {@code x [NOT] IN (select ...)}: the whole IN expression's replacement. */
        Expression in(InExpression in, ParenthesedSelect subquery);

        /** {@code [NOT] EXISTS (select ...)}: the whole EXISTS expression's replacement. */
        Expression exists(ExistsExpression exists, ParenthesedSelect subquery);
    }

    static Expression rewrite(Expression e, Replacer r) {
        if (e == null) {
            return null;
        }
        switch (e) {
            case ParenthesedSelect s -> {
                return r.scalar(s);
            }
            case InExpression in -> {
                Expression fixed = regroup(in);
                if (fixed != in) {
                    return rewrite(fixed, r);
                }
                in.setLeftExpression(rewrite(in.getLeftExpression(), r));
                if (in.getRightExpression() instanceof ParenthesedSelect s) {
                    return r.in(in, s);
                }
                in.setRightExpression(rewrite(in.getRightExpression(), r));
                return in;
            }
            case ExistsExpression ex -> {
                if (ex.getRightExpression() instanceof ParenthesedSelect s) {
                    return r.exists(ex, s);
                }
                return ex;
            }
            case BinaryExpression b -> {
                b.setLeftExpression(rewrite(b.getLeftExpression(), r));
                b.setRightExpression(rewrite(b.getRightExpression(), r));
                return b;
            }
            case NotExpression n -> {
                n.setExpression(rewrite(n.getExpression(), r));
                return n;
            }
            case SignedExpression s -> {
                s.setExpression(rewrite(s.getExpression(), r));
                return s;
            }
            case Between b -> {
                b.setLeftExpression(rewrite(b.getLeftExpression(), r));
                b.setBetweenExpressionStart(rewrite(b.getBetweenExpressionStart(), r));
                b.setBetweenExpressionEnd(rewrite(b.getBetweenExpressionEnd(), r));
                return b;
            }
            case IsNullExpression i -> {
                i.setLeftExpression(rewrite(i.getLeftExpression(), r));
                return i;
            }
            case Function f -> {
                if (f.getParameters() != null) {
                    rewriteAll(f.getParameters(), r);
                }
                return f;
            }
            case CaseExpression c -> {
                c.setSwitchExpression(rewrite(c.getSwitchExpression(), r));
                if (c.getWhenClauses() != null) {
                    for (WhenClause w : c.getWhenClauses()) {
                        w.setWhenExpression(rewrite(w.getWhenExpression(), r));
                        w.setThenExpression(rewrite(w.getThenExpression(), r));
                    }
                }
                c.setElseExpression(rewrite(c.getElseExpression(), r));
                return c;
            }
            case ExpressionList<?> list -> {
                rewriteAll(list, r);
                return list;
            }
            default -> {
                return e;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void rewriteAll(ExpressionList<?> list, Replacer r) {
        ExpressionList<Expression> l = (ExpressionList<Expression>) list;
        for (int i = 0; i < l.size(); i++) {
            l.set(i, rewrite(l.get(i), r));
        }
    }

    /**
     * JSqlParser 5.3 reads {@code x IN (...) AND y} as {@code x IN ((...) AND y)}: the same text, but the wrong
     * tree to replace a subquery in. Puts the IN back around its own list: {@code (x IN (...)) AND y}.
     */
    private static Expression regroup(InExpression in) {
        if (!(in.getRightExpression() instanceof BinaryExpression top) || !isLogical(top)) {
            return in;
        }
        BinaryExpression parent = top;
        while (parent.getLeftExpression() instanceof BinaryExpression next && isLogical(next)) {
            parent = next;
        }
        Expression first = parent.getLeftExpression();
        if (!(first instanceof ParenthesedSelect) && !(first instanceof ExpressionList<?>)) {
            return in;
        }
        InExpression own = new InExpression(in.getLeftExpression(), first);
        own.setNot(in.isNot());
        parent.setLeftExpression(own);
        return top;
    }

    private static boolean isLogical(BinaryExpression b) {
        return b instanceof AndExpression || b instanceof OrExpression || b instanceof XorExpression;
    }
}
