package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.OkPacket;
import io.shardops.dataplane.mysql.QueryConnection;
import io.shardops.dataplane.mysql.ResultSet;
import io.shardops.dataplane.mysql.ResultSink;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A SET. Carried assignments run on a connection of the session as MariaDB's own SET (so MariaDB checks
 * them and evaluates expressions), then the values they left are read back and become the session's
 * settings; the connection is tagged with them. Autocommit and next-transaction characteristics stay here.
 */
final class SetExecution {
    private final GatewaySession owner;
    private final SessionConnections connections;

    SetExecution(GatewaySession owner, SessionConnections connections) {
        this.owner = owner;
        this.connections = connections;
    }

    void run(Route.SetSession route, ResultSink sink) {
        List<String> texts = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> reads = new ArrayList<>();
        String characteristics = null;
        Boolean autocommitTo = null;
        Map<String, String> known = new LinkedHashMap<>();
        for (SetStatement.Assignment a : route.set().assignments()) {
            switch (a) {
                case SetStatement.Carried c -> {
                    texts.add(c.text());
                    keys.addAll(c.keys());
                    reads.addAll(c.readBack());
                }
                case SetStatement.NextTransaction n -> characteristics = n.characteristics();
                case SetStatement.Known k -> known.putAll(k.values());
                case SetStatement.Autocommit ac -> autocommitTo = ac.on();
            }
        }
        String next = characteristics;
        Boolean switchTo = autocommitTo;
        // a SET starts no transaction: it runs on the shard's transaction connection only when one is open there
        Future<Void> carried = texts.isEmpty() ? Future.succeededFuture()
                : connections.lease(route.where(), connections.pinnedOn(route.where())).compose(l -> {
            QueryConnection c = l.connection;
            return c.execute("SET " + String.join(", ", texts))
                    .compose(ok -> c.queryResultSet("SELECT " + String.join(", ", reads)).transform(ar -> {
                        if (ar.failed()) {
                            c.close();  // the SET took effect but its values are unknown: the connection must not be reused
                            return Future.failedFuture(ar.cause());
                        }
                        Map<String, String> changes = new LinkedHashMap<>();
                        ResultSet rs = ar.result();
                        byte[][] row = rs.rows().isEmpty() ? new byte[keys.size()][] : rs.rows().get(0);
                        for (int i = 0; i < keys.size(); i++) {
                            changes.put(keys.get(i), SettingLiterals.of(rs.columns().get(i), row[i]));
                        }
                        String waitTimeout = changes.get("wait_timeout");
                        if (waitTimeout != null && waitTimeout.matches("[0-9]{1,12}")) {
                            owner.session().waitTimeout().set(Long.parseLong(waitTimeout));  // the gateway's own idle timer follows it too
                        }
                        SessionSettings settings = with(changes);
                        connections.settings(settings);
                        c.settings(settings);
                        return Future.<Void>succeededFuture();
                    }))
                    .andThen(ar -> l.done());
        });
        carried.onComplete(ar -> {
            if (ar.failed()) {
                sink.fail(ar.cause());
                return;
            }
            if (!known.isEmpty()) {
                connections.settings(with(known));
            }
            if (next != null) {
                connections.nextTransaction(next);
            }
            if (switchTo != null) {
                connections.transaction(switchTo ? Route.Transaction.Kind.AUTOCOMMIT_ON : Route.Transaction.Kind.AUTOCOMMIT_OFF, sink);
            } else {
                sink.ok(connections.status(OkPacket.EMPTY));
            }
        });
    }

    /** The session's settings with {@code changes}; null when that is the connections' start. */
    private SessionSettings with(Map<String, String> changes) {
        SessionSettings settings = connections.settings();
        SessionSettings updated = (settings == null ? SessionSettings.BASELINE : settings).with(changes);
        return updated.equals(SessionSettings.BASELINE) ? null : updated;
    }
}
