package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.DelegatingSink;
import io.shardops.dataplane.mysql.OkPacket;
import io.shardops.dataplane.mysql.Packets;
import io.shardops.dataplane.mysql.ResultSink;
import io.vertx.core.buffer.Buffer;

/**
 * Watches the answer of a statement that may generate ids: the session's LAST_INSERT_ID() follows what it
 * reports, and an insert whose ids came from a sequence reports the first of them, as MySQL reports the
 * first auto-increment id of a multi-row insert.
 */
final class InsertIds extends DelegatingSink {
    private final long generated;
    private final LastStatement last;
    private boolean first = true;

    InsertIds(ResultSink target, long generated, LastStatement last) {
        super(target);
        this.generated = generated;
        this.last = last;
    }

    static boolean writes(String sql) {
        int i = 0;
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        char c = i < sql.length() ? Character.toLowerCase(sql.charAt(i)) : ' ';
        if (c != 'i' && c != 'r' && c != '/' && c != '(') {
            return false;  // most statements: no word to cut out
        }
        String w = StatementWords.firstWord(sql);
        return w.equals("insert") || w.equals("replace");
    }

    private OkPacket seen(OkPacket ok) {
        long id = generated != 0 ? generated : ok.lastInsertId();
        if (id != 0) {
            last.lastInsertId(id);
        }
        return generated != 0 && ok.lastInsertId() != generated ? ok.withLastInsertId(generated) : ok;
    }

    @Override
    public void ok(OkPacket ok) {
        target.ok(seen(ok));
    }

    @Override
    public void forwardPacket(Buffer payload) {
        if (first) {
            first = false;
            if (Packets.isOk(payload)) {
                OkPacket ok = OkPacket.decode(payload);
                OkPacket reported = seen(ok);
                if (reported != ok) {
                    payload = reported.encode();
                }
            }
        }
        target.forwardPacket(payload);
    }
}
