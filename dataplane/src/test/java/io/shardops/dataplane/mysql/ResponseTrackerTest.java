package io.shardops.dataplane.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where a server's response ends and what each packet is, and the results decoded from it. A backend connection does
 * not ask for CLIENT_DEPRECATE_EOF, so result sets come EOF-terminated; the OK-terminated form is refused, not misread.
 */
class ResponseTrackerTest {
    static final String COLUMN_COL1 = "03 64 65 66 00 00 00 04 63 6f 6c 31 00 0c 08 00 06 00 00 00 fd 00 00 1f 00 00";

    /** Feeds the packets; returns their kinds, and checks the tracker is done exactly after the last. */
    static List<ResponseTracker.Kind> track(ResponseTracker t, ResponseDecoder d, String... packets) {
        List<ResponseTracker.Kind> kinds = new ArrayList<>();
        for (int i = 0; i < packets.length; i++) {
            assertFalse(t.done(), "done before packet " + i);
            Buffer p = Hex.bytes(packets[i]);
            ResponseTracker.Kind k = t.next(p);
            kinds.add(k);
            if (d != null) {
                d.accept(k, p);
            }
        }
        assertTrue(t.done(), "not done after the last packet");
        return kinds;
    }

    static ResponseTracker query() {
        return new ResponseTracker(ResponseTracker.Shape.QUERY);
    }

    @Test
    void theDocumentedTextResultSetEndsAtItsSecondEof() {
        // column count 1, col1, EOF, one row "foobar", EOF with AUTOCOMMIT
        ResponseDecoder d = new ResponseDecoder();
        List<ResponseTracker.Kind> kinds = track(query(), d, "01", COLUMN_COL1, "fe 00 00 02 00", "06 66 6f 6f 62 61 72", "fe 00 00 02 00");
        assertEquals(List.of(ResponseTracker.Kind.COLUMN_COUNT, ResponseTracker.Kind.COLUMN, ResponseTracker.Kind.COLUMNS_END,
                ResponseTracker.Kind.ROW, ResponseTracker.Kind.RESULT_END), kinds);
        ResultSet rs = (ResultSet) d.results().get(0);
        assertEquals("col1", rs.columns().get(0).name());
        assertEquals("foobar", rs.text(0, 0));
        assertEquals(0, rs.warnings());
    }

    @Test
    void anOkOrAnErrIsTheWholeResponseToAStatement() {
        ResponseDecoder ok = new ResponseDecoder();
        assertEquals(List.of(ResponseTracker.Kind.OK), track(query(), ok, "00 01 05 02 00 00 00"));
        assertEquals(new OkPacket(1, 5, 2, 0, ""), ok.results().get(0));

        ResponseDecoder err = new ResponseDecoder();
        assertEquals(List.of(ResponseTracker.Kind.ERR), track(query(), err, "ff 48 04 23 48 59 30 30 30 4e 6f 20 74 61 62 6c 65 73 20 75 73 65 64"));
        assertEquals(1096, err.error().code());
    }

    @Test
    void moreResultsFollowWhileTheStatusSaysSo() {
        ResponseTracker t = query();
        ResponseDecoder d = new ResponseDecoder();
        // a result set whose EOF has SERVER_MORE_RESULTS_EXISTS (0x0008), then an OK with it, then a last OK without it
        List<ResponseTracker.Kind> kinds = track(t, d, "01", COLUMN_COL1, "fe 00 00 0a 00", "01 31", "fe 01 00 0a 00",
                "00 00 00 0a 00 00 00", "00 02 00 02 00 00 00");
        assertEquals(List.of(ResponseTracker.Kind.COLUMN_COUNT, ResponseTracker.Kind.COLUMN, ResponseTracker.Kind.COLUMNS_END,
                ResponseTracker.Kind.ROW, ResponseTracker.Kind.RESULT_END, ResponseTracker.Kind.OK, ResponseTracker.Kind.OK), kinds);
        assertEquals(3, d.results().size());
        assertEquals(1, ((ResultSet) d.results().get(0)).warnings());
        assertEquals(new OkPacket(2, 0, 2, 0, ""), d.results().get(2));
        assertEquals(ServerStatus.SERVER_STATUS_AUTOCOMMIT, t.lastStatus());
    }

    @Test
    void anErrorInALaterStatementEndsTheResponse() {
        ResponseDecoder d = new ResponseDecoder();
        track(query(), d, "00 00 00 0a 00 00 00", "ff 7a 04 23 34 32 53 30 32 6e 6f");
        assertEquals(1, d.results().size());
        assertEquals(new MysqlError(1146, "42S02", "no"), d.error());
    }

    @Test
    void anErrorInTheMiddleOfTheRowsEndsTheResponse() {
        List<ResponseTracker.Kind> kinds = track(query(), null, "01", COLUMN_COL1, "fe 00 00 02 00", "01 31",
                "ff 25 05 23 37 30 31 30 30 71");
        assertEquals(ResponseTracker.Kind.ERR, kinds.get(kinds.size() - 1));
    }

    @Test
    void aRowStartingWith0xfeIsARowNotTheEnd() {
        String longPrefixRow = "fe 01 00 00 00 00 00 00 00 61";
        List<ResponseTracker.Kind> kinds = track(query(), null, "01", COLUMN_COL1, "fe 00 00 02 00", longPrefixRow, "fe 00 00 02 00");
        assertEquals(ResponseTracker.Kind.ROW, kinds.get(3));
    }

    @Test
    void aResultSetWithoutTheEofAfterItsColumnsIsRefused() {
        // what a server sends when CLIENT_DEPRECATE_EOF was negotiated: rows straight after the definitions
        ResponseTracker t = query();
        t.next(Hex.bytes("01"));
        t.next(Hex.bytes(COLUMN_COL1));
        MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> t.next(Hex.bytes("06 66 6f 6f 62 61 72")));
        assertEquals("expected EOF after column definitions", e.getMessage());
    }

    @Test
    void localInfileAndBadColumnCountsAreRefused() {
        assertThrows(MalformedPacketException.class, () -> query().next(Hex.bytes("fb 2f 74 6d 70")));
        assertThrows(MalformedPacketException.class, () -> query().next(Hex.bytes("fc 00 00")));
        assertThrows(MalformedPacketException.class, () -> query().next(Buffer.buffer()));
    }

    @Test
    void aSimpleCommandEndsAtItsOkOrErr() {
        ResponseTracker t = new ResponseTracker(ResponseTracker.Shape.SIMPLE);
        assertEquals(List.of(ResponseTracker.Kind.OK), track(t, null, "00 00 00 03 00 00 00"));
        assertEquals(ServerStatus.SERVER_STATUS_IN_TRANS | ServerStatus.SERVER_STATUS_AUTOCOMMIT, t.lastStatus());
        assertEquals(List.of(ResponseTracker.Kind.ERR), track(new ResponseTracker(ResponseTracker.Shape.SIMPLE), null, "ff 28 04 23 48 59 30 30 30"));
        assertThrows(MalformedPacketException.class, () -> t.next(Hex.bytes("00 00 00 02 00 00 00")), "nothing after the end");
    }

    @Test
    void aFieldListIsColumnsUntilEof() {
        List<ResponseTracker.Kind> kinds = track(new ResponseTracker(ResponseTracker.Shape.FIELD_LIST), null,
                COLUMN_COL1, COLUMN_COL1, "fe 00 00 02 00");
        assertEquals(List.of(ResponseTracker.Kind.COLUMN, ResponseTracker.Kind.COLUMN, ResponseTracker.Kind.COLUMNS_END), kinds);
    }

    @Test
    void theDocumentedPrepareOkIsFollowedByParameterAndColumnDefinitions() {
        // statement 1, 1 column, 2 parameters: 2 parameter definitions + EOF, 1 column definition + EOF
        List<ResponseTracker.Kind> kinds = track(new ResponseTracker(ResponseTracker.Shape.PREPARE), null,
                "00 01 00 00 00 01 00 02 00 00 00 00", COLUMN_COL1, COLUMN_COL1, "fe 00 00 02 00", COLUMN_COL1, "fe 00 00 02 00");
        assertEquals(List.of(ResponseTracker.Kind.OK, ResponseTracker.Kind.COLUMN, ResponseTracker.Kind.COLUMN, ResponseTracker.Kind.COLUMNS_END,
                ResponseTracker.Kind.ROW, ResponseTracker.Kind.RESULT_END), kinds);
    }

    @Test
    void aPrepareWithoutParametersOrColumnsEndsAtItsOk() {
        assertEquals(List.of(ResponseTracker.Kind.OK),
                track(new ResponseTracker(ResponseTracker.Shape.PREPARE), null, "00 02 00 00 00 00 00 00 00 00 00 00"));
        List<ResponseTracker.Kind> columnsOnly = track(new ResponseTracker(ResponseTracker.Shape.PREPARE), null,
                "00 03 00 00 00 01 00 00 00 00 00 00", COLUMN_COL1, "fe 00 00 02 00");
        assertEquals(List.of(ResponseTracker.Kind.OK, ResponseTracker.Kind.ROW, ResponseTracker.Kind.RESULT_END), columnsOnly);
        List<ResponseTracker.Kind> paramsOnly = track(new ResponseTracker(ResponseTracker.Shape.PREPARE), null,
                "00 04 00 00 00 00 00 01 00 00 00 00", COLUMN_COL1, "fe 00 00 02 00");
        assertEquals(List.of(ResponseTracker.Kind.OK, ResponseTracker.Kind.COLUMN, ResponseTracker.Kind.COLUMNS_END), paramsOnly);
        assertEquals(List.of(ResponseTracker.Kind.ERR),
                track(new ResponseTracker(ResponseTracker.Shape.PREPARE), null, "ff 28 04 23 34 32 30 30 30 78"));
    }

    @Test
    void aRestartedTrackerFollowsTheNextResponseFromItsStart() {
        // the server connection keeps one tracker and restarts it per command, even after a response cut short
        ResponseTracker t = query();
        t.next(Hex.bytes("01"));
        t.next(Hex.bytes(COLUMN_COL1));
        t.restart(ResponseTracker.Shape.SIMPLE);
        assertEquals(List.of(ResponseTracker.Kind.OK), track(t, null, "00 00 00 02 00 00 00"));
        t.restart(ResponseTracker.Shape.QUERY);
        assertEquals(0, t.lastStatus());
        List<ResponseTracker.Kind> kinds = track(t, null, "01", COLUMN_COL1, "fe 00 00 02 00", "01 31", "fe 00 00 22 00");
        assertEquals(List.of(ResponseTracker.Kind.COLUMN_COUNT, ResponseTracker.Kind.COLUMN, ResponseTracker.Kind.COLUMNS_END,
                ResponseTracker.Kind.ROW, ResponseTracker.Kind.RESULT_END), kinds);
        assertEquals(0x22, t.lastStatus());
    }
}
