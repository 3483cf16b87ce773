package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.ColumnDefinition;
import io.shardops.dataplane.mysql.MysqlError;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.expression.Function;

/**
 * A HAVING condition of a SELECT that goes to several shards, evaluated by the gateway on the combined groups
 * (a shard only sees its own part of each group). Knows comparisons, AND, OR, NOT, IS [NOT] NULL, BETWEEN,
 * IN (values) and + - * / over select-list columns and literals, with SQL's NULL logic; anything else is
 * refused when the statement is routed, never evaluated differently.
 */
public final class HavingFilter {
    /** A value of a term: null (SQL NULL), a BigDecimal or a String. */
    private interface Term {
        Object value(byte[][] row, List<ColumnDefinition> columns);
    }

    private final Term condition;

    private HavingFilter(Term condition) {
        this.condition = condition;
    }

    /**
     * @param column the select-list position of a column or aggregate the condition names (adding a hidden
     *               column when needed), or -1 when it names nothing the gateway can read
     */
    static HavingFilter compile(Expression having, ToIntFunction<Expression> column) {
        return new HavingFilter(term(having, column));
    }

    /** Whether a combined group is kept: the condition is true (not false, not NULL). */
    public boolean keeps(byte[][] row, List<ColumnDefinition> columns) {
        Object v = condition.value(row, columns);
        return v != null && truth(v);
    }

    private static Term term(Expression e, ToIntFunction<Expression> column) {
        switch (e) {
            case NullValue n -> {
                return (row, cols) -> null;
            }
            case LongValue lv -> {
                BigDecimal v = new BigDecimal(lv.getStringValue());
                return (row, cols) -> v;
            }
            case DoubleValue dv -> {
                BigDecimal v = new BigDecimal(dv.toString());
                return (row, cols) -> v;
            }
            case StringValue sv -> {
                String v = sv.getValue().replace("''", "'");
                return (row, cols) -> v;
            }
            case SignedExpression s when s.getSign() == '-' -> {
                Term inner = term(s.getExpression(), column);
                return (row, cols) -> inner.value(row, cols) instanceof BigDecimal d ? d.negate() : null;
            }
            case ExpressionList<?> l when l.size() == 1 -> {
                return term(l.get(0), column);
            }
            case AndExpression and -> {
                Term l = term(and.getLeftExpression(), column);
                Term r = term(and.getRightExpression(), column);
                return (row, cols) -> and(l.value(row, cols), r.value(row, cols));
            }
            case OrExpression or -> {
                Term l = term(or.getLeftExpression(), column);
                Term r = term(or.getRightExpression(), column);
                return (row, cols) -> or(l.value(row, cols), r.value(row, cols));
            }
            case NotExpression not -> {
                Term inner = term(not.getExpression(), column);
                return (row, cols) -> {
                    Object v = inner.value(row, cols);
                    return v == null ? null : bool(!truth(v));
                };
            }
            case IsNullExpression isNull -> {
                Term inner = term(isNull.getLeftExpression(), column);
                return (row, cols) -> bool((inner.value(row, cols) == null) != isNull.isNot());
            }
            case Between b -> {
                Term v = term(b.getLeftExpression(), column);
                Term lo = term(b.getBetweenExpressionStart(), column);
                Term hi = term(b.getBetweenExpressionEnd(), column);
                return (row, cols) -> {
                    Object x = v.value(row, cols);
                    Object in = and(compare(x, lo.value(row, cols), c -> c >= 0), compare(x, hi.value(row, cols), c -> c <= 0));
                    return in == null ? null : bool(truth(in) != b.isNot());
                };
            }
            case InExpression in when in.getRightExpression() instanceof ExpressionList<?> list -> {
                Term v = term(in.getLeftExpression(), column);
                List<Term> values = new ArrayList<>();
                for (Expression x : list) {
                    values.add(term(x, column));
                }
                return (row, cols) -> {
                    Object x = v.value(row, cols);
                    Object found = bool(false);
                    for (Term t : values) {
                        found = or(found, compare(x, t.value(row, cols), c -> c == 0));
                    }
                    return found == null ? null : bool(truth(found) != in.isNot());
                };
            }
            case EqualsTo c -> {
                return comparison(c, column, r -> r == 0);
            }
            case NotEqualsTo c -> {
                return comparison(c, column, r -> r != 0);
            }
            case GreaterThan c -> {
                return comparison(c, column, r -> r > 0);
            }
            case GreaterThanEquals c -> {
                return comparison(c, column, r -> r >= 0);
            }
            case MinorThan c -> {
                return comparison(c, column, r -> r < 0);
            }
            case MinorThanEquals c -> {
                return comparison(c, column, r -> r <= 0);
            }
            case Addition a -> {
                return arithmetic(a, column, BigDecimal::add);
            }
            case Subtraction a -> {
                return arithmetic(a, column, BigDecimal::subtract);
            }
            case Multiplication a -> {
                return arithmetic(a, column, BigDecimal::multiply);
            }
            case Division a -> {
                // MySQL's div_precision_increment (4) more digits than the dividend; NULL for a division by zero
                return arithmetic(a, column, (x, y) -> y.signum() == 0 ? null : x.divide(y, x.scale() + 4, RoundingMode.HALF_UP));
            }
            case Column c -> {
                return columnTerm(e, column);
            }
            case Function f -> {
                return columnTerm(e, column);
            }
            default -> throw unsupported(e);
        }
    }

    private static Term columnTerm(Expression e, ToIntFunction<Expression> column) {
        int at = column.applyAsInt(e);
        if (at < 0) {
            throw unsupported(e);
        }
        return (row, cols) -> {
            byte[] v = row[at];
            if (v == null) {
                return null;
            }
            String text = new String(v, StandardCharsets.UTF_8);
            if (cols.get(at).isNumeric()) {
                try {
                    return new BigDecimal(text);
                } catch (NumberFormatException notANumber) {
                    return text;
                }
            }
            return text;
        };
    }

    private static RuntimeException unsupported(Expression e) {
        return MysqlError.notSupported("unsupported: HAVING " + e + " in a query that goes to several shards; HAVING may"
                + " compare columns and aggregates of the query (COUNT, SUM, MIN, MAX) with values").exception();
    }

    private interface Op {
        BigDecimal apply(BigDecimal x, BigDecimal y);
    }

    private interface Holds {
        boolean test(int comparison);
    }

    private static Term comparison(BinaryExpression b, ToIntFunction<Expression> column, Holds holds) {
        Term l = term(b.getLeftExpression(), column);
        Term r = term(b.getRightExpression(), column);
        return (row, cols) -> compare(l.value(row, cols), r.value(row, cols), holds);
    }

    private static Term arithmetic(BinaryExpression b, ToIntFunction<Expression> column, Op op) {
        Term l = term(b.getLeftExpression(), column);
        Term r = term(b.getRightExpression(), column);
        return (row, cols) -> {
            BigDecimal x = number(l.value(row, cols));
            BigDecimal y = number(r.value(row, cols));
            return x == null || y == null ? null : op.apply(x, y);
        };
    }

    /** Compares as numbers when either side is a number (as MySQL does), else as text ignoring case. */
    private static Object compare(Object x, Object y, Holds holds) {
        if (x == null || y == null) {
            return null;
        }
        int c;
        if (x instanceof BigDecimal || y instanceof BigDecimal) {
            BigDecimal a = number(x);
            BigDecimal b = number(y);
            c = a.compareTo(b);
        } else {
            c = ((String) x).compareToIgnoreCase((String) y);
        }
        return bool(holds.test(c));
    }

    private static BigDecimal number(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal d) {
            return d;
        }
        try {
            return new BigDecimal(((String) v).strip());
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO;  // MySQL reads text that is not a number as 0
        }
    }

    private static Object and(Object x, Object y) {
        if ((x != null && !truth(x)) || (y != null && !truth(y))) {
            return bool(false);
        }
        return x == null || y == null ? null : bool(true);
    }

    private static Object or(Object x, Object y) {
        if ((x != null && truth(x)) || (y != null && truth(y))) {
            return bool(true);
        }
        return x == null || y == null ? null : bool(false);
    }

    private static boolean truth(Object v) {
        return number(v).signum() != 0;
    }

    private static BigDecimal bool(boolean b) {
        return b ? BigDecimal.ONE : BigDecimal.ZERO;
    }
}
