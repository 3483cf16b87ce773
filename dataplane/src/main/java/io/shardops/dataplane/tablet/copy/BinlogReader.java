package io.shardops.dataplane.tablet.copy;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The reader thread of a catch-up: a binlog connection to the source (as a replica would open it, with its own server
 * id) that assembles complete transactions and hands them to the {@link TransactionQueue}. When the source goes away
 * it connects again from the position the applier reached, not from what it read.
 */
final class BinlogReader {
    /** The binlog library logs every connect at INFO to stderr; streams report through their status instead. */
    private static final Logger BINLOG_LOG = Logger.getLogger("com.github.shyiko.mysql.binlog");

    static {
        BINLOG_LOG.setLevel(Level.WARNING);
    }

    private final String workflow;
    private final BinlogSource source;
    private final long clientServerId;
    private final TransactionAssembler assembler;
    private final TransactionQueue queue;
    private final BooleanSupplier stopped;
    private final Consumer<Exception> onFailure;
    private volatile BinaryLogClient client;
    private final AtomicLong connections = new AtomicLong();
    /** The current connection's number; each transaction carries the one that read it. */
    private volatile long connection;

    BinlogReader(String workflow, BinlogSource source, long clientServerId, TransactionAssembler assembler, TransactionQueue queue,
                 BooleanSupplier stopped, Consumer<Exception> onFailure) {
        this.workflow = workflow;
        this.source = source;
        this.clientServerId = clientServerId;
        this.assembler = assembler;
        this.queue = queue;
        this.stopped = stopped;
        this.onFailure = onFailure;
    }

    /** The connection whose transactions the applier applies. */
    long connection() {
        return connection;
    }

    /** Whether the source has nothing more to send (its last heartbeat came between transactions). */
    boolean idle() {
        return assembler.idle();
    }

    /**
     * Connects from {@code position} (blocking until connected). The library's own reconnect is off: it would resume
     * from the GTIDs it saw, which can be past a transaction that was cut off mid-way; we resume from what was applied.
     *
     * @param position where to read from; null: the position applied so far, read once no group is being applied
     */
    void connect(String position, GroupApplier applier) throws IOException, TimeoutException {
        BinaryLogClient c = new BinaryLogClient(source.host(), source.port(), source.user(), source.password());
        c.setServerId(clientServerId);
        c.setKeepAlive(false);
        c.setHeartbeatInterval(1000);
        EventDeserializer deserializer = new EventDeserializer();
        // temporal values as microseconds: the default (java.util.Date) drops the microseconds of DATETIME(6) and the
        // like; TransactionAssembler turns them back into literals by column type (BinlogTemporal)
        deserializer.setCompatibilityMode(EventDeserializer.CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY,
                EventDeserializer.CompatibilityMode.DATE_AND_TIME_AS_LONG_MICRO,
                EventDeserializer.CompatibilityMode.INVALID_DATE_AND_TIME_AS_MIN_VALUE);
        ExactTimeRows.install(deserializer);
        c.setEventDeserializer(deserializer);
        long id = connections.incrementAndGet();
        c.registerEventListener(e -> onEvent(c, id, e));
        c.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onDisconnect(BinaryLogClient disconnected) {
                if (!stopped.getAsBoolean()) {
                    reconnectLater(applier);
                }
            }
        });
        String from = applier.exclusive(() -> {
            // what the old connection read but the applier has not applied is read again from the applied position
            queue.clear();
            assembler.reset();
            client = c;
            connection = id;
            return position == null ? applier.position().toString() : position;
        });
        c.setGtidSet(from);
        c.connect(TimeUnit.SECONDS.toMillis(10));
    }

    /** Ends the current connection; safe from any thread. */
    void disconnect() throws IOException {
        BinaryLogClient c = client;
        if (c != null) {
            c.disconnect();
        }
    }

    /** The source went away (restart, network): retry from the applied position until it answers or we stop. */
    private void reconnectLater(GroupApplier applier) {
        Thread t = new Thread(() -> {
            long backoff = 200;
            while (!stopped.getAsBoolean()) {
                try {
                    Thread.sleep(backoff);
                    connect(null, applier);
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (IOException | TimeoutException | RuntimeException e) {
                    backoff = Math.min(5000, backoff * 2);
                }
            }
        }, "binlog-reconnect-" + workflow);
        t.setDaemon(true);
        t.start();
    }

    /** On the binlog client's thread. */
    private void onEvent(BinaryLogClient from, long id, Event event) {
        if (stopped.getAsBoolean() || from != client) {
            return;
        }
        try {
            SourceTransaction done = assembler.accept(event, id);
            if (done != null) {
                queue.put(done, () -> stopped.getAsBoolean() || id != connection);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            onFailure.accept(e);
        }
    }
}
