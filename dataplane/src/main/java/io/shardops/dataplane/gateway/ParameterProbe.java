package io.shardops.dataplane.gateway;

import io.shardops.dataplane.vindex.Value;
import io.shardops.dataplane.vindex.Vindex;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;

/**
 * Routing a prepared statement's text with its {@code ?} in place: each placeholder reaching the vindex
 * is read as a value (any value: only which placeholder and which vindex matter), and noted.
 */
final class ParameterProbe {
    final List<Integer> parameters = new ArrayList<>();
    Vindex vindex;

    /** A literal's vindex value; under a probe (non-null) a placeholder counts as one. */
    static Value value(ParameterProbe probe, Expression e) {
        if (probe != null && e instanceof JdbcParameter p && p.getIndex() != null && !p.isUseFixedIndex()) {
            probe.parameters.add(p.getIndex() - 1);
            return Value.of(0);
        }
        return Literals.literal(e);
    }
}
