package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.ColumnDefinition;
import io.shardops.dataplane.mysql.StatementText;
import io.shardops.spec.sql.Sql;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.HexValue;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.StringValue;

/**
 * A value of a result set the gateway read (a subquery's answer) as a literal of a statement it writes:
 * numbers as numbers (exact: a DECIMAL keeps its digits, a BIGINT is not compared as a double), text quoted
 * through {@link Sql#literal(byte[])}, other bytes as a hex literal.
 */
final class ResultLiterals {
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,40}");
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,65}(\\.\\d{1,65})?([eE][-+]?\\d{1,4})?");

    private ResultLiterals() {}

    static Expression of(ColumnDefinition column, byte[] value) {
        if (value == null) {
            return new NullValue();
        }
        if (column.isNumeric()) {
            String text = new String(value, StandardCharsets.US_ASCII);
            if (INTEGER.matcher(text).matches()) {
                return new LongValue(text);
            }
            if (NUMBER.matcher(text).matches()) {
                return new DoubleValue(text);  // printed as given, digits unchanged
            }
        }
        String literal = Sql.literal(value);
        if (literal.startsWith("X'")) {
            return new HexValue(literal);
        }
        // statement text carries one char per byte (StatementText): the literal's UTF-8 bytes, as the client would send
        // them; given with its quotes, which StringValue takes off and puts back
        return new StringValue(StatementText.of(literal.getBytes(StandardCharsets.UTF_8)));
    }
}
