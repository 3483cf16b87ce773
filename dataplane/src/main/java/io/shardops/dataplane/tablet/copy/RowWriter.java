package io.shardops.dataplane.tablet.copy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes row changes to the target inside the caller's transaction. Consecutive new images of one table go as one
 * multi-row REPLACE, which MariaDB applies in order (a key written twice keeps the later image); a delete or another
 * table ends the run. One statement per row made the round trips, not the target's commits, what bounded a stream
 * that was behind.
 */
final class RowWriter {
    /** MariaDB takes at most 65,535 placeholders in one statement. */
    private static final int MAX_PLACEHOLDERS = 60_000;
    private static final int MAX_ROWS_PER_REPLACE = 1000;

    private final Connection target;
    /** New images waiting to go in one REPLACE. */
    private final List<Object[]> replaceRun = new ArrayList<>();
    private TableLayout replaceLayout;

    RowWriter(Connection target) {
        this.target = target;
    }

    void apply(RowChange change) throws SQLException {
        ColumnMapping mapping = change.table().mapping();
        TableLayout layout = mapping.write();
        for (RowChange.Write w : change.writes()) {
            switch (w) {
                case RowChange.Write.Replace r -> replace(layout, mapping.project(r.row()));
                case RowChange.Write.Delete d -> delete(layout, mapping.project(d.row()));
            }
        }
    }

    /** Sends the REPLACE still being gathered; call before committing. */
    void flush() throws SQLException {
        if (replaceRun.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = target.prepareStatement(replaceLayout.replaceSql(replaceRun.size()))) {
            int k = 1;
            for (Object[] row : replaceRun) {
                for (Object v : row) {
                    Rows.bind(ps, k++, v);
                }
            }
            ps.executeUpdate();
        } finally {
            replaceRun.clear();
        }
    }

    /** Forgets what was gathered: the transaction it belonged to is being rolled back. */
    void discard() {
        replaceRun.clear();
    }

    /** Rows of one REPLACE at most for {@code layout}: bounded by the placeholders a statement may have. */
    static int rowsPerReplace(TableLayout layout) {
        return Math.max(1, Math.min(MAX_ROWS_PER_REPLACE, MAX_PLACEHOLDERS / Math.max(1, layout.columns().size())));
    }

    private void replace(TableLayout layout, Object[] row) throws SQLException {
        if (replaceLayout != layout || replaceRun.size() >= rowsPerReplace(layout)) {
            flush();
        }
        replaceLayout = layout;
        replaceRun.add(row);
    }

    private void delete(TableLayout layout, Object[] row) throws SQLException {
        flush();
        try (PreparedStatement ps = target.prepareStatement(layout.deleteSql())) {
            List<Object> key = layout.keyOf(row);
            for (int i = 0; i < key.size(); i++) {
                Rows.bind(ps, i + 1, key.get(i));
            }
            ps.executeUpdate();
        }
    }
}
