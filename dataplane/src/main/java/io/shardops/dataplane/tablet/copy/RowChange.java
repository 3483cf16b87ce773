package io.shardops.dataplane.tablet.copy;

import java.util.ArrayList;
import java.util.List;

/**
 * One row changed by a source transaction, as its binlog row event carries it.
 *
 * @param before the old image; null for an insert
 * @param after  the new image; null for a delete
 */
record RowChange(Kind kind, BoundTable table, Object[] before, Object[] after) {
    enum Kind { INSERT, UPDATE, DELETE }

    /** What the target must do for one change: write a new image (REPLACE) or remove a row by its key (DELETE). */
    sealed interface Write {
        Object[] row();

        record Replace(Object[] row) implements Write {}

        record Delete(Object[] row) implements Write {}
    }

    static RowChange insert(BoundTable table, Object[] row) {
        return new RowChange(Kind.INSERT, table, null, row);
    }

    static RowChange update(BoundTable table, Object[] before, Object[] after) {
        return new RowChange(Kind.UPDATE, table, before, after);
    }

    static RowChange delete(BoundTable table, Object[] row) {
        return new RowChange(Kind.DELETE, table, row, null);
    }

    /**
     * The target's writes for this change, in order, given which rows the stream carries. An update that moves a row out
     * of the stream's key range deletes it; one that moves it in writes it; one that changes its primary key deletes the
     * old key first. Every write is an upsert or a delete, so applying a change twice leaves the same rows.
     */
    List<Write> writes() {
        var accepts = table.accepts();
        List<Write> out = new ArrayList<>(2);
        switch (kind) {
            case INSERT -> {
                if (accepts.test(after)) {
                    out.add(new Write.Replace(after));
                }
            }
            case DELETE -> {
                if (accepts.test(before)) {
                    out.add(new Write.Delete(before));
                }
            }
            case UPDATE -> {
                boolean beforeIn = accepts.test(before);
                boolean afterIn = accepts.test(after);
                TableLayout layout = table.layout();
                boolean keyChanged = !Rows.sameKey(layout.keyOf(before), layout.keyOf(after));
                if (beforeIn && (!afterIn || keyChanged)) {
                    out.add(new Write.Delete(before));
                }
                if (afterIn) {
                    out.add(new Write.Replace(after));
                }
            }
        }
        return out;
    }
}
