package io.shardops.dataplane.archive;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.NullEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Keeps each event's bytes as the server sent them (header, body and checksum), so the archive stores the
 * binary log itself rather than a re-encoding; only the events the archiver reasons about are decoded, row
 * data is skipped. Used on the binlog client's one thread: {@link #lastRaw()} is the event just returned.
 */
final class RawEventDeserializer extends EventDeserializer {
    /** The v4 event header: timestamp, type, server id, event length (at offset 9), next position, flags. */
    private static final int HEADER_LENGTH = 19;
    private static final int LENGTH_OFFSET = 9;
    private byte[] lastRaw;

    RawEventDeserializer() {
        NullEventDataDeserializer skip = new NullEventDataDeserializer();
        for (EventType t : new EventType[] {EventType.WRITE_ROWS, EventType.UPDATE_ROWS, EventType.DELETE_ROWS,
                EventType.EXT_WRITE_ROWS, EventType.EXT_UPDATE_ROWS, EventType.EXT_DELETE_ROWS,
                EventType.PRE_GA_WRITE_ROWS, EventType.PRE_GA_UPDATE_ROWS, EventType.PRE_GA_DELETE_ROWS,
                EventType.ANNOTATE_ROWS, EventType.ROWS_QUERY}) {
            setEventDataDeserializer(t, skip);
        }
    }

    @Override
    public Event nextEvent(ByteArrayInputStream in) throws IOException {
        if (in.peek() == -1) {
            return null;
        }
        byte[] header = in.read(HEADER_LENGTH);
        long length = (header[LENGTH_OFFSET] & 0xffL) | (header[LENGTH_OFFSET + 1] & 0xffL) << 8
                | (header[LENGTH_OFFSET + 2] & 0xffL) << 16 | (header[LENGTH_OFFSET + 3] & 0xffL) << 24;
        if (length < HEADER_LENGTH || length > Integer.MAX_VALUE) {
            throw new IOException("binlog event of impossible length " + length);
        }
        byte[] raw = new byte[(int) length];
        System.arraycopy(header, 0, raw, 0, HEADER_LENGTH);
        if (length > HEADER_LENGTH) {
            in.fill(raw, HEADER_LENGTH, (int) length - HEADER_LENGTH);
        }
        lastRaw = raw;
        return super.nextEvent(new ByteArrayInputStream(raw));
    }

    byte[] lastRaw() {
        return lastRaw;
    }
}
