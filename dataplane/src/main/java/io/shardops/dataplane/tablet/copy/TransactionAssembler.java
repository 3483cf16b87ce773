package io.shardops.dataplane.tablet.copy;

import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import io.shardops.dataplane.replication.GtidPosition;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the binlog's events, one at a time, into complete source transactions: a MariaDB GTID event opens one,
 * row events of the stream's tables add their rows, XID (or a non-BEGIN query: a non-transactional COMMIT or DDL,
 * which is skipped) closes it. Row events of other databases and tables are left out here; which rows of a stream's
 * table the target gets is decided when applying ({@link RowChange#writes}). Used by the reader thread only.
 */
final class TransactionAssembler {
    private final String sourceDatabase;
    /** The stream's tables by lower-case name. */
    private final Map<String, BoundTable> tables;
    /** The binlog's table ids of the stream's tables, as its TABLE_MAP events announce them. */
    private final Map<Long, BoundTable> tableIds = new HashMap<>();
    /** Binlog column types of the mapped tables that have a DATE, TIME, DATETIME or TIMESTAMP column. */
    private final Map<Long, byte[]> temporalTypes = new HashMap<>();
    /** The transaction being read; null between transactions. */
    private SourceTransaction pending;
    /** Set by a heartbeat that found the reader between transactions; cleared by the next transaction. */
    private volatile boolean idle = true;

    TransactionAssembler(String sourceDatabase, Map<String, BoundTable> tables) {
        this.sourceDatabase = sourceDatabase;
        this.tables = Map.copyOf(tables);
    }

    /** The stream's table named {@code table} in {@code database}, matched as MariaDB matches names here: ignoring case. */
    BoundTable lookup(String database, String table) {
        return database.equalsIgnoreCase(sourceDatabase) ? tables.get(table.toLowerCase(Locale.ROOT)) : null;
    }

    /**
     * Takes one event read by binlog connection {@code connection}; returns the transaction it completes, or null.
     */
    SourceTransaction accept(Event event, long connection) {
        EventHeaderV4 header = event.getHeader();
        switch (header.getEventType()) {
            case MARIADB_GTID -> {
                MariadbGtidEventData g = event.getData();
                pending = new SourceTransaction(connection, new GtidPosition.Gtid(g.getDomainId(), g.getServerId(), g.getSequence()),
                        header.getTimestamp());
                idle = false;
            }
            case TABLE_MAP -> {
                TableMapEventData d = event.getData();
                BoundTable b = lookup(d.getDatabase(), d.getTable());
                if (b != null) {
                    tableIds.put(d.getTableId(), b);
                    byte[] types = d.getColumnTypes();
                    if (types != null && BinlogTemporal.hasTemporal(types)) {
                        temporalTypes.put(d.getTableId(), types);
                    } else {
                        temporalTypes.remove(d.getTableId());
                    }
                } else {
                    tableIds.remove(d.getTableId());
                    temporalTypes.remove(d.getTableId());
                }
            }
            case WRITE_ROWS, EXT_WRITE_ROWS -> {
                WriteRowsEventData d = event.getData();
                BoundTable b = tableIds.get(d.getTableId());
                if (b != null && pending != null) {
                    byte[] types = temporalTypes.get(d.getTableId());
                    for (Serializable[] row : d.getRows()) {
                        pending.changes().add(RowChange.insert(b, temporal(row, types)));
                    }
                }
            }
            case UPDATE_ROWS, EXT_UPDATE_ROWS -> {
                UpdateRowsEventData d = event.getData();
                BoundTable b = tableIds.get(d.getTableId());
                if (b != null && pending != null) {
                    byte[] types = temporalTypes.get(d.getTableId());
                    for (Map.Entry<Serializable[], Serializable[]> row : d.getRows()) {
                        pending.changes().add(RowChange.update(b, temporal(row.getKey(), types), temporal(row.getValue(), types)));
                    }
                }
            }
            case DELETE_ROWS, EXT_DELETE_ROWS -> {
                DeleteRowsEventData d = event.getData();
                BoundTable b = tableIds.get(d.getTableId());
                if (b != null && pending != null) {
                    byte[] types = temporalTypes.get(d.getTableId());
                    for (Serializable[] row : d.getRows()) {
                        pending.changes().add(RowChange.delete(b, temporal(row, types)));
                    }
                }
            }
            case XID -> {
                return complete();
            }
            case QUERY -> {
                QueryEventData q = event.getData();
                if (!"BEGIN".equalsIgnoreCase(q.getSql().strip())) {
                    // COMMIT of a non-transactional table, or DDL (skipped): either ends the transaction
                    return complete();
                }
            }
            case HEARTBEAT -> {
                if (pending == null) {
                    idle = true;
                }
            }
            default -> { }
        }
        return null;
    }

    /** The row with its temporal cells as the target must write them; {@code types} null: the table has none. */
    private static Serializable[] temporal(Serializable[] row, byte[] types) {
        return types == null ? row : BinlogTemporal.convert(row, types);
    }

    private SourceTransaction complete() {
        SourceTransaction done = pending;
        pending = null;
        return done;
    }

    /** Whether the last heartbeat found the source with nothing more to send. */
    boolean idle() {
        return idle;
    }

    /** Forgets a half-read transaction and the table ids: a new connection reads both again. */
    void reset() {
        pending = null;
        tableIds.clear();
    }
}
