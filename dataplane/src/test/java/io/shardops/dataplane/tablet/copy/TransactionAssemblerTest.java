package io.shardops.dataplane.tablet.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.XidEventData;
import io.shardops.dataplane.replication.GtidPosition;
import java.io.Serializable;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Binlog events of the source, as the binlog library hands them over, into the transactions a stream applies. */
class TransactionAssemblerTest {
    static final TableLayout CUSTOMER = new TableLayout("customer", List.of("customer_id", "email"), List.of(0),
            List.of("bigint", "varbinary"));
    static final BoundTable BOUND = new BoundTable(CUSTOMER, RowSelector.all().bind(CUSTOMER.columns()));

    final TransactionAssembler assembler = new TransactionAssembler("customer", Map.of("customer", BOUND));

    static Event event(EventType type, long timestamp, EventData data) {
        EventHeaderV4 h = new EventHeaderV4();
        h.setEventType(type);
        h.setTimestamp(timestamp);
        return new Event(h, data);
    }

    static Event gtid(long domain, long server, long sequence) {
        MariadbGtidEventData d = new MariadbGtidEventData();
        d.setDomainId(domain);
        d.setServerId(server);
        d.setSequence(sequence);
        return event(EventType.MARIADB_GTID, 1_700_000_000_000L + sequence, d);
    }

    static Event tableMap(long id, String database, String table) {
        TableMapEventData d = new TableMapEventData();
        d.setTableId(id);
        d.setDatabase(database);
        d.setTable(table);
        return event(EventType.TABLE_MAP, 0, d);
    }

    static Event insert(long tableId, Serializable[]... rows) {
        WriteRowsEventData d = new WriteRowsEventData();
        d.setTableId(tableId);
        d.setRows(List.of(rows));
        return event(EventType.EXT_WRITE_ROWS, 0, d);
    }

    static Event update(long tableId, Serializable[] before, Serializable[] after) {
        UpdateRowsEventData d = new UpdateRowsEventData();
        d.setTableId(tableId);
        d.setRows(List.of(new AbstractMap.SimpleEntry<>(before, after)));
        return event(EventType.EXT_UPDATE_ROWS, 0, d);
    }

    static Event delete(long tableId, Serializable[] row) {
        DeleteRowsEventData d = new DeleteRowsEventData();
        d.setTableId(tableId);
        d.setRows(List.<Serializable[]>of(row));
        return event(EventType.EXT_DELETE_ROWS, 0, d);
    }

    static Event xid() {
        return event(EventType.XID, 0, new XidEventData());
    }

    static Event query(String sql) {
        QueryEventData d = new QueryEventData();
        d.setSql(sql);
        d.setDatabase("customer");
        return event(EventType.QUERY, 0, d);
    }

    static Event heartbeat() {
        return event(EventType.HEARTBEAT, 0, null);
    }

    static Serializable[] row(long id, String email) {
        return new Serializable[] {id, email.getBytes()};
    }

    SourceTransaction feed(Event... events) {
        SourceTransaction done = null;
        for (Event e : events) {
            SourceTransaction t = assembler.accept(e, 7);
            if (t != null) {
                assertNull(done, "one transaction per test feed");
                done = t;
            }
        }
        return done;
    }

    @Test
    void aCommittedTransactionCarriesItsGtidTimestampAndRows() {
        SourceTransaction t = feed(gtid(0, 101, 42), query("BEGIN"), tableMap(5, "customer", "customer"),
                insert(5, row(1, "a@x"), row(2, "b@x")), update(5, row(1, "a@x"), row(1, "c@x")), delete(5, row(2, "b@x")), xid());
        assertNotNull(t);
        assertEquals(new GtidPosition.Gtid(0, 101, 42), t.gtid());
        assertEquals("0-101-42", t.position().toString());
        assertEquals(1_700_000_000_042L, t.sourceMillis());
        assertEquals(7, t.connection());
        assertEquals(List.of(RowChange.Kind.INSERT, RowChange.Kind.INSERT, RowChange.Kind.UPDATE, RowChange.Kind.DELETE),
                t.changes().stream().map(RowChange::kind).toList());
        assertSame(BOUND, t.changes().get(0).table());
    }

    @Test
    void nothingIsHandedOverBeforeTheCommit() {
        assertNull(feed(gtid(0, 101, 1), query("BEGIN"), tableMap(5, "customer", "customer"), insert(5, row(1, "a@x"))));
    }

    @Test
    void rowsOfOtherTablesAndDatabasesAreLeftOutButTheTransactionStillMovesThePosition() {
        SourceTransaction t = feed(gtid(0, 101, 3), tableMap(6, "customer", "product"), insert(6, row(1, "p")),
                tableMap(7, "commerce", "customer"), insert(7, row(1, "other database")), xid());
        assertNotNull(t, "a transaction on other tables still advances the stream's position");
        assertEquals(List.of(), t.changes());
    }

    @Test
    void tableNamesMatchIgnoringCase() {
        assertSame(BOUND, assembler.lookup("Customer", "CUSTOMER"));
        assertNull(assembler.lookup("customer", "corder"));
        assertNull(assembler.lookup("customer_lo", "customer"));
    }

    @Test
    void aTableIdReusedForAnotherTableNoLongerCarriesRows() {
        feed(gtid(0, 101, 1), tableMap(5, "customer", "customer"), insert(5, row(1, "a")), xid());
        SourceTransaction t = feed(gtid(0, 101, 2), tableMap(5, "customer", "other"), insert(5, row(2, "b")), xid());
        assertEquals(List.of(), t.changes());
    }

    @Test
    void ddlEndsTheTransactionAndIsSkipped() {
        SourceTransaction t = feed(gtid(0, 101, 9), query("ALTER TABLE customer ADD COLUMN x int"));
        assertNotNull(t);
        assertEquals(List.of(), t.changes());
    }

    @Test
    void aNonTransactionalCommitEndsTheTransaction() {
        SourceTransaction t = feed(gtid(0, 101, 10), query(" BEGIN "), tableMap(5, "customer", "customer"), insert(5, row(1, "a")),
                query("COMMIT"));
        assertEquals(1, t.changes().size());
    }

    @Test
    void theSourceIsIdleOnlyWhenAHeartbeatComesBetweenTransactions() {
        assertTrue(assembler.idle(), "a new stream has nothing to apply");
        feed(gtid(0, 101, 1));
        assertFalse(assembler.idle());
        feed(heartbeat());
        assertFalse(assembler.idle(), "a heartbeat mid-transaction: more is coming");
        feed(xid(), heartbeat());
        assertTrue(assembler.idle());
    }

    @Test
    void aResetDropsAHalfReadTransactionAndTheTableIds() {
        feed(gtid(0, 101, 1), tableMap(5, "customer", "customer"), insert(5, row(1, "a")));
        assembler.reset();
        assertNull(feed(xid()), "the commit of a transaction cut off by a reconnect hands nothing over");
        SourceTransaction t = feed(gtid(0, 101, 1), insert(5, row(1, "a")), xid());
        assertEquals(List.of(), t.changes(), "rows for a table id not announced on this connection are not guessed");
    }
}
