package io.shardops.dataplane.tablet.copy;

import io.shardops.dataplane.replication.GtidPosition;
import java.util.ArrayList;
import java.util.List;

/**
 * One source transaction as the binlog reader assembled it: its GTID, when the source wrote it, and the changes
 * to the stream's rows it made (none when it touched other tables: it still moves the position).
 *
 * @param connection which binlog connection read it; a transaction read by a connection since replaced is read again
 */
record SourceTransaction(long connection, GtidPosition.Gtid gtid, long sourceMillis, List<RowChange> changes) {
    SourceTransaction(long connection, GtidPosition.Gtid gtid, long sourceMillis) {
        this(connection, gtid, sourceMillis, new ArrayList<>());
    }

    /** The position holding just this transaction's GTID. */
    GtidPosition position() {
        return GtidPosition.EMPTY.with(gtid.domain(), gtid.server(), gtid.sequence());
    }
}
