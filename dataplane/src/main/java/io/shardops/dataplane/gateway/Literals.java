package io.shardops.dataplane.gateway;

import io.shardops.dataplane.vindex.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import io.shardops.dataplane.mysql.StatementText;
import java.util.HexFormat;
import java.util.Optional;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.HexValue;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;

/** Literal values of parsed statements, as the vindexes read them. */
final class Literals {
    private Literals() {}

    /** A literal's vindex value, or null when the expression is not a literal. */
    static Value literal(Expression e) {
        if (e instanceof LongValue lv) {
            return new Value.Int(new BigInteger(lv.getStringValue()));
        }
        if (e instanceof SignedExpression se && se.getExpression() instanceof LongValue lv) {
            BigInteger v = new BigInteger(lv.getStringValue());
            return new Value.Int(se.getSign() == '-' ? v.negate() : v);
        }
        if (e instanceof DoubleValue dv) {
            return integral(dv.toString()).map(Value.Int::new).orElse(null);
        }
        if (e instanceof SignedExpression se && se.getExpression() instanceof DoubleValue dv) {
            return integral(dv.toString()).map(v -> new Value.Int(se.getSign() == '-' ? v.negate() : v)).orElse(null);
        }
        if (e instanceof StringValue sv) {
            return new Value.Text(StatementText.bytes(unescape(sv.getValue())));  // the client's bytes, as the column stores them
        }
        if (e instanceof HexValue hv) {
            String h = hv.getValue();
            String digits = h.startsWith("0x") || h.startsWith("0X") ? h.substring(2) : h.substring(2, h.length() - 1);
            return new Value.Text(HexFormat.of().parseHex(digits.length() % 2 == 0 ? digits : "0" + digits));
        }
        return null;
    }

    /**
     * The integer a decimal or floating-point literal stands for when it has no fraction ({@code 4000001.0},
     * {@code 4.000001E6}): drivers such as mysql2 send every JavaScript number as a DOUBLE, and MySQL compares
     * an integer column with it by value, so it routes like the integer. Empty for a fraction or a number of
     * more than 40 digits (no vindex column holds one).
     */
    static Optional<BigInteger> integral(String text) {
        BigDecimal d;
        try {
            d = new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (d.signum() == 0) {
            return Optional.of(BigInteger.ZERO);
        }
        if ((long) d.precision() - d.scale() > 40) {
            return Optional.empty();
        }
        try {
            return Optional.of(d.toBigIntegerExact());
        } catch (ArithmeticException fraction) {
            return Optional.empty();
        }
    }

    /** MySQL string-literal escapes, as JSqlParser keeps them verbatim. */
    static String unescape(String s) {
        return unescape(s, '\'');
    }

    /** The value of a literal's text between its {@code quote}s: backslash escapes and doubled quotes undone. */
    static String unescape(String s, char quote) {
        if (s.indexOf('\\') < 0 && s.indexOf(quote) < 0) {
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
                    case '%', '_' -> {
                        sb.append('\\');  // MySQL keeps the backslash of \% and \_ (they matter to LIKE)
                        yield n;
                    }
                    default -> n;
                });
            } else if (c == quote && i + 1 < s.length() && s.charAt(i + 1) == quote) {
                sb.append(c);
                i++;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
