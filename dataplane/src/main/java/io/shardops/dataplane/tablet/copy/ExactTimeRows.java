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
 * Row-event deserializers that decode TIME(n) columns (MySQL 5.6 format, which MariaDB writes) into their exact text.
 * The binlog library turns a TIME into a point in time on 1970-01-01, which garbles negative times ({@code -12:34:56}
 * came back as {@code 1011:29:23}); here the packed value is unpacked as the server packs it, sign and microseconds
 * included.
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
        };
    }

    private static UpdateRowsEventDataDeserializer update(Map<Long, TableMapEventData> tables) {
        return new UpdateRowsEventDataDeserializer(tables) {
            @Override
            protected Serializable deserializeTimeV2(int meta, ByteArrayInputStream in) throws IOException {
                return time2(meta, in);
            }
        };
    }

    private static DeleteRowsEventDataDeserializer delete(Map<Long, TableMapEventData> tables) {
        return new DeleteRowsEventDataDeserializer(tables) {
            @Override
            protected Serializable deserializeTimeV2(int meta, ByteArrayInputStream in) throws IOException {
                return time2(meta, in);
            }
        };
    }

    static String time2(int decimals, ByteArrayInputStream in) throws IOException {
        int bytes = decimals >= 5 ? 6 : 3 + (decimals + 1) / 2;
        return BinlogTemporal.time2Text(decimals, in.read(bytes));
    }
}
