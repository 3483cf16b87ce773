package io.shardops.dataplane.tablet;

/**
 * A tablet's name: its cell and a uid unique in the cluster, written as Vitess writes it,
 * {@code zone1-0000000101}. The uid is also the MariaDB server id.
 */
public record TabletAlias(String cell, int uid) {
    public TabletAlias {
        if (cell == null || cell.isBlank() || cell.contains("/")) {
            throw new IllegalArgumentException("a tablet alias needs a cell name (no '/'), got '" + cell + "'");
        }
        if (uid <= 0) {
            throw new IllegalArgumentException("a tablet uid must be positive, got " + uid);
        }
    }

    /** Parses {@code cell-uid}; the uid may be zero-padded. */
    public static TabletAlias parse(String alias) {
        int dash = alias.lastIndexOf('-');
        if (dash <= 0 || dash == alias.length() - 1) {
            throw new IllegalArgumentException("a tablet alias is CELL-UID, e.g. zone1-0000000101, got '" + alias + "'");
        }
        try {
            return new TabletAlias(alias.substring(0, dash), Integer.parseInt(alias.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a tablet alias is CELL-UID with a numeric uid, got '" + alias + "'", e);
        }
    }

    @Override
    public String toString() {
        return cell + "-" + String.format("%010d", uid);
    }
}
