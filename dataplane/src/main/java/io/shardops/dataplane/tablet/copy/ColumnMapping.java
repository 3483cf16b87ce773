package io.shardops.dataplane.tablet.copy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a stream's source rows become target rows when the two tables differ, as in an online schema change (the
 * table into its shadow table, and back): the columns both have, by name, in the source's order. A column only
 * the target has is left to its default; a column only the source has is not carried; a column whose type changed
 * is written as the source value and converted by MariaDB on the way in. The identity mapping carries every column.
 *
 * @param source  the source table as the binlog and the copy read it
 * @param read    the source table restricted to the carried columns (what the copy selects)
 * @param write   the target table with the carried columns, in the same order (what REPLACE and DELETE name)
 * @param carried for each carried column, its index in the source's columns
 */
public record ColumnMapping(TableLayout source, TableLayout read, TableLayout write, int[] carried) {

    /** Every column into a table of the same name and layout. */
    public static ColumnMapping identity(TableLayout source) {
        int[] all = new int[source.columns().size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return new ColumnMapping(source, source, source, all);
    }

    /**
     * The columns {@code source} and {@code target} share. The target's primary key must be made of shared columns:
     * a row whose key the source cannot give could be neither replaced nor deleted.
     *
     * @throws IllegalArgumentException when a primary key column of the target is not in the source
     */
    public static ColumnMapping between(TableLayout source, TableLayout target) {
        List<Integer> carried = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (int i = 0; i < source.columns().size(); i++) {
            String name = source.columns().get(i);
            if (indexOf(target.columns(), name) >= 0) {
                carried.add(i);
                names.add(name);
                types.add(source.dataTypes().get(i));
            }
        }
        List<Integer> targetKey = new ArrayList<>();
        for (int k : target.primaryKey()) {
            int at = indexOf(names, target.columns().get(k));
            if (at < 0) {
                throw new IllegalArgumentException("table " + target.name() + " has primary key column " + target.columns().get(k)
                        + " that " + source.name() + " has not: rows cannot be carried between them");
            }
            targetKey.add(at);
        }
        List<Integer> sourceKey = new ArrayList<>();
        for (int k : source.primaryKey()) {
            int at = indexOf(names, source.columns().get(k));
            if (at < 0) {
                throw new IllegalArgumentException("table " + target.name() + " has no column " + source.columns().get(k)
                        + " of the primary key of " + source.name() + ": the copy could not resume by key");
            }
            sourceKey.add(at);
        }
        int[] idx = carried.stream().mapToInt(Integer::intValue).toArray();
        return new ColumnMapping(source, new TableLayout(source.name(), names, sourceKey, types),
                new TableLayout(target.name(), names, targetKey, types), idx);
    }

    /** The carried values of a source row, in the write layout's order. */
    public Object[] project(Object[] row) {
        if (write == source) {
            return row;
        }
        Object[] out = new Object[carried.length];
        for (int i = 0; i < carried.length; i++) {
            out[i] = row[carried[i]];
        }
        return out;
    }

    private static int indexOf(List<String> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        return -1;
    }
}
