package io.shardops.dataplane.tablet.copy;

import java.util.function.Predicate;

/**
 * One of a stream's tables as the source lays it out, with the test for the rows the stream carries and how its
 * rows are written on the target.
 */
record BoundTable(TableLayout layout, Predicate<Object[]> accepts, ColumnMapping mapping) {
    BoundTable(TableLayout layout, Predicate<Object[]> accepts) {
        this(layout, accepts, ColumnMapping.identity(layout));
    }
}
