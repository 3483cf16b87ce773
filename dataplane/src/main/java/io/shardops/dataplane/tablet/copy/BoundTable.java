package io.shardops.dataplane.tablet.copy;

import java.util.function.Predicate;

/** One of a stream's tables as the source lays it out, with the test for the rows the stream carries. */
record BoundTable(TableLayout layout, Predicate<Object[]> accepts) {}
