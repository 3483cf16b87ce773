package io.shardops.dataplane.tablet.copy;

import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.DeleteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.UpdateRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.WriteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.util.Map;

/**
 * Row-event deserializers that decode DATE, DATETIME(n), TIME(n) and YEAR columns (MySQL 5.6 format, which MariaDB writes) into their exact text.
 * The binlog library turns them into points in time through a calendar, which garbles negative times ({@code -12:34:56}
 * came back as {@code 1011:29:23}), shifts dates before the Gregorian reform ({@code 1000-01-01} became
 * {@code 1000-01-06}) and loses zero dates; here the packed values are unpacked as the server packs them.
 */
final class ExactTimeRows {
    private ExactTimeRows() {}

    /** Replaces the row deserializers of {@code d} (after its compatibility modes are set) with ones decoding TIME exactly. */
    @SuppressWarnings("unchecked")
    static void install(EventDeserializer d) {
        Map<Long, TableMapEventData> tables;
        try {
            Field f = EventDeserializer.class.getDeclaredField("tableMapEventByTableId");
            f.setAccessible(true);
            tables = (Map<Long, TableMapEventData>) f.get(d);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("binlog library without the expected table map: " + e, e);
        }
        d.setEventDataDeserializer(EventType.WRITE_ROWS, write(tables));
        d.setEventDataDeserializer(EventType.EXT_WRITE_ROWS, write(tables).setMayContainExtraInformation(true));
        d.setEventDataDeserializer(EventType.UPDATE_ROWS, update(tables));
        d.setEventDataDeserializer(EventType.EXT_UPDATE_ROWS, update(tables).setMayContainExtraInformation(true));
        d.setEventDataDeserializer(EventType.DELETE_ROWS, delete(tables));
        d.setEventDataDeserializer(EventType.EXT_DELETE_ROWS, delete(tables).setMayContainExtraInformation(true));
    }

    private static WriteRowsEventDataDeserializer write(Map<Long, TableMapEventData> tables) {
        return new WriteRowsEventDataDeserializer(tables) {
            @Override
            protected Serializable deserializeTimeV2(int meta, ByteArrayInputStream in) throws IOException {
                return time2(meta, in);
            }

            @Override
            protected Serializable deserializeYear(ByteArrayInputStream in) throws IOException {
                return year(in);
            }

            @Override
            protected Serializable deserializeDate(ByteArrayInputStream in) throws IOException {
                return BinlogTemporal.dateText(in.readInteger(3));
            }

            @Override
            protected Serializable deserializeDatetimeV2(int meta, ByteArrayInputStream in) throws IOException {
                return BinlogTemporal.datetime2Text(meta, in.read(5 + (meta + 1) / 2));
            }
        };
    }

    private static UpdateRowsEventDataDeserializer update(Map<Long, TableMapEventData> tables) {
        return new UpdateRowsEventDataDeserializer(tables) {
            @Override
            protected Serializable deserializeTimeV2(int meta, ByteArrayInputStream in) throws IOException {
                return time2(meta, in);
            }

            @Override
            protected Serializable deserializeYear(ByteArrayInputStream in) throws IOException {
                return year(in);
            }

            @Override
            protected Serializable deserializeDate(ByteArrayInputStream in) throws IOException {
                return BinlogTemporal.dateText(in.readInteger(3));
            }

            @Override
            protected Serializable deserializeDatetimeV2(int meta, ByteArrayInputStream in) throws IOException {
                return BinlogTemporal.datetime2Text(meta, in.read(5 + (meta + 1) / 2));
            }
        };
    }

    private static DeleteRowsEventDataDeserializer delete(Map<Long, TableMapEventData> tables) {
        return new DeleteRowsEventDataDeserializer(tables) {
            @Override
            protected Serializable deserializeTimeV2(int meta, ByteArrayInputStream in) throws IOException {
                return time2(meta, in);
            }

            @Override
            protected Serializable deserializeYear(ByteArrayInputStream in) throws IOException {
                return year(in);
            }

            @Override
            protected Serializable deserializeDate(ByteArrayInputStream in) throws IOException {
                return BinlogTemporal.dateText(in.readInteger(3));
            }

            @Override
            protected Serializable deserializeDatetimeV2(int meta, ByteArrayInputStream in) throws IOException {
                return BinlogTemporal.datetime2Text(meta, in.read(5 + (meta + 1) / 2));
            }
        };
    }

    /** YEAR is one byte, years after 1900; 0 is the zero year 0000 (the library made it 1900, out of YEAR's range). */
    static Integer year(ByteArrayInputStream in) throws IOException {
        int b = in.readInteger(1);
        return b == 0 ? 0 : 1900 + b;
    }

    static String time2(int decimals, ByteArrayInputStream in) throws IOException {
        int bytes = decimals >= 5 ? 6 : 3 + (decimals + 1) / 2;
        return BinlogTemporal.time2Text(decimals, in.read(bytes));
    }
}
