package io.shardops.dataplane.mysql;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client connection on the server side: its socket, its state and its limits. The
 * {@link LoginPhase} runs the handshake (with a TLS upgrade when the client asks) and authentication,
 * then the {@link CommandPhase} takes one command at a time, each answered through a
 * {@link ClientResponse}. Packets a client pipelines while a command runs wait in the framer; a client
 * that floods is paused at the socket. Before login a client may send only handshake-sized packets
 * and has {@link ConnectionLimits#loginTimeout()} to log in; after login an idle session is closed
 * after its {@link WaitTimeout}. A large packet being assembled holds a share of the server's
 * {@link PacketBudget}; login packets and small statements never wait for it. A malformed packet or a
 * failing handler ends this connection only.
 */
final class ServerConnection implements PacketFramer.Listener {
    private static final Logger LOG = Logger.getLogger(ServerConnection.class.getName());
    /** Pipelined bytes a logged-in client may have waiting before its socket stops being read. */
    private static final int PAUSE_SOCKET_ABOVE = 256 * 1024;

    enum State { AWAIT_HANDSHAKE_RESPONSE, TLS_HANDSHAKE, AWAIT_AUTH_SWITCH, CONNECTING, READY, BUSY, AWAIT_LOCAL_INFILE,
        AWAIT_CHANGE_USER_AUTH, CLOSED }

    final NetSocket socket;
    final Context context;
    final ServerConfig config;
    final ConnectionGate gate;
    final long connectionId;
    final PacketFramer framer;
    final String clientHost;
    /** Follows forwarded responses being converted; one per connection as one command runs at a time. */
    final ResponseTracker tracker = new ResponseTracker(ResponseTracker.Shape.QUERY);
    private final LoginPhase login;
    private final CommandPhase commands;
    State state = State.AWAIT_HANDSHAKE_RESPONSE;
    SessionHandler handler;
    int clientCapabilities;
    /** Several statements in one COM_QUERY are run: CLIENT_MULTI_STATEMENTS at login, switched by COM_SET_OPTION. */
    boolean multiStatements;
    int nextSeq;
    WaitTimeout waitTimeout;
    ClientResponse current;
    private boolean socketPaused;
    private boolean admitted;
    private PacketBudget.Wait budgetWait;
    private long idleTimer = -1;
    private long lastActivityNanos;

    ServerConnection(NetSocket socket, Context context, ServerConfig config, ConnectionGate gate, ServerTls.Loaded tls,
                     long connectionId, Supplier<SessionHandler> handlerFactory) {
        this.socket = socket;
        this.context = context;
        this.config = config;
        this.gate = gate;
        this.connectionId = connectionId;
        this.framer = new PacketFramer(config.limits().maxPacketBeforeLogin(), this);
        // a login must never wait for memory that other connections' large packets hold: its packets
        // are handshake-sized (the framer refuses larger ones), so they are never reserved
        framer.reserveAbove(PacketFramer.HEADER_SIZE + config.limits().maxPacketBeforeLogin());
        SocketAddress remote = socket.remoteAddress();
        this.clientHost = remote == null ? "" : remote.hostAddress() == null ? remote.toString() : remote.hostAddress();
        this.login = new LoginPhase(this, tls, handlerFactory);
        this.commands = new CommandPhase(this);
    }

    void start() {
        socket.handler(chunk -> {
            try {
                framer.handle(chunk);
                updateReading();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "connection " + connectionId + ": closing after an internal error", e);
                closeWith(MysqlError.unknown("internal error: " + e));
            }
        });
        socket.closeHandler(v -> onClosed());
        socket.exceptionHandler(e -> socket.close());
        if (!gate.admit()) {
            // as MySQL: the error instead of the handshake, then close
            refuseBeforeHandshake(new MysqlError(MysqlError.ER_CON_COUNT_ERROR, "08004", "Too many connections"));
            return;
        }
        admitted = true;
        login.begin();
    }

    long id() {
        return connectionId;
    }

    boolean clientHas(int capability) {
        return CapabilityFlags.has(clientCapabilities, capability);
    }

    void refuseBeforeHandshake(MysqlError error) {
        write(0, Packets.err(error));
        socket.close();
        onClosed();
    }

    /** Reads from the socket unless the packet budget is spent for us or too many commands wait. */
    void updateReading() {
        int pipelined = state.compareTo(State.CONNECTING) < 0 ? config.limits().maxPacketBeforeLogin() : PAUSE_SOCKET_ABOVE;
        boolean pause = budgetWait != null || (framer.isPaused() && framer.buffered() > pipelined);
        if (pause != socketPaused && state != State.CLOSED) {
            socketPaused = pause;
            if (pause) {
                socket.pause();
            } else {
                socket.resume();
            }
        }
    }

    void write(int seq, Buffer payload) {
        Buffer out = Buffer.buffer(payload.length() + PacketFramer.HEADER_SIZE);
        nextSeq = PacketFramer.frame(out, seq, payload);
        socket.write(out);
    }

    @Override
    public void malformed(String reason) {
        closeWith(new MysqlError(MysqlError.ER_NET_PACKET_TOO_LARGE, MysqlError.SQLSTATE_CONNECTION, reason));
    }

    @Override
    public boolean reserve(int bytes) {
        PacketBudget.Wait wait = gate.budget().reserve(bytes, context, () -> granted(bytes));
        if (wait == null) {
            return true;
        }
        if (framer.holdsPartial()) {
            // waiting while holding part of a split packet could deadlock with others doing the same
            wait.cancel();
            closeWith(new MysqlError(MysqlError.ER_NET_PACKET_TOO_LARGE, MysqlError.SQLSTATE_CONNECTION,
                    "the server's memory for packets in flight is used up; send the statement again later"));
            return false;
        }
        budgetWait = wait;
        updateReading();
        return false;
    }

    private void granted(int bytes) {
        budgetWait = null;
        if (state == State.CLOSED) {
            gate.budget().release(bytes);
            return;
        }
        framer.granted(bytes);
        updateReading();
    }

    @Override
    public void release(long bytes) {
        gate.budget().release(bytes);
    }

    void closeWith(MysqlError error) {
        if (state != State.CLOSED) {
            if (state != State.TLS_HANDSHAKE) {
                write(nextSeq, Packets.err(error));
            }
            socket.close();
            onClosed();
        }
    }

    void closeSilently() {
        if (state != State.CLOSED) {
            socket.close();
            onClosed();
        }
    }

    /** Closes at once, whatever the state (COM_QUIT, a backend gone mid-response, KILL from another session). */
    void closeNow() {
        socket.close();
        onClosed();
    }

    private void onClosed() {
        if (state == State.CLOSED) {
            return;
        }
        boolean hadHandler = handler != null;
        state = State.CLOSED;
        gate.budget().release(framer.close());
        if (budgetWait != null) {
            budgetWait.cancel();
            budgetWait = null;
        }
        login.cancelTimer();
        if (idleTimer >= 0) {
            context.owner().cancelTimer(idleTimer);
            idleTimer = -1;
        }
        if (admitted) {
            admitted = false;
            gate.left();
        }
        if (current != null) {
            current.clientGone();
        }
        if (hadHandler) {
            try {
                handler.closed();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "session handler failed on close", e);
            }
        }
    }

    @Override
    public void packet(int seq, Buffer payload) {
        try {
            switch (state) {
                case AWAIT_HANDSHAKE_RESPONSE -> login.handshakeResponse(seq, payload);
                case AWAIT_AUTH_SWITCH -> login.authSwitchResponse(seq, payload);
                case READY -> {
                    lastActivityNanos = System.nanoTime();
                    commands.command(seq, payload);
                }
                case AWAIT_CHANGE_USER_AUTH -> {
                    lastActivityNanos = System.nanoTime();
                    login.changeUserAuthResponse(seq, payload);
                }
                case AWAIT_LOCAL_INFILE -> {
                    lastActivityNanos = System.nanoTime();
                    current.infileData(seq, payload);
                }
                case TLS_HANDSHAKE, CONNECTING, BUSY -> throw new MalformedPacketException("packet while a command is running");
                case CLOSED -> { }
            }
        } catch (MalformedPacketException e) {
            closeWith(new MysqlError(MysqlError.ER_MALFORMED_PACKET, MysqlError.SQLSTATE_CONNECTION, "malformed packet: " + e.getMessage()));
        }
    }

    /**
     * One timer per session, not one per command: when it fires it closes the session if it has been
     * idle for its whole wait_timeout, and otherwise sets itself for the time still left.
     */
    void armIdleTimer() {
        if (state == State.CLOSED) {
            return;
        }
        if (idleTimer >= 0) {
            context.owner().cancelTimer(idleTimer);
        }
        long timeoutNanos = TimeUnit.SECONDS.toNanos(waitTimeout.seconds());
        long left = state == State.READY ? timeoutNanos - (System.nanoTime() - lastActivityNanos) : timeoutNanos;
        idleTimer = context.owner().setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)), id -> {
            idleTimer = -1;
            if (state == State.READY && System.nanoTime() - lastActivityNanos >= timeoutNanos) {
                LOG.fine(() -> "connection " + connectionId + ": idle for wait_timeout " + waitTimeout.seconds() + " s");
                closeSilently();
            } else {
                armIdleTimer();
            }
        });
    }

    /** A command runs: no further packet is read until it was answered. */
    void busy() {
        state = State.BUSY;
        framer.pause();
    }

    void becomeReady() {
        state = State.READY;
        current = null;
        lastActivityNanos = System.nanoTime();
        if (framer.buffered() > 0) {
            context.runOnContext(v -> {
                framer.resume();
                updateReading();
            });
        } else {
            framer.resume();
            updateReading();
        }
    }

    /** The current command's answer was written up to sequence number {@code seq}. */
    void commandAnswered(int seq, boolean clientGone) {
        nextSeq = seq;
        if (!clientGone && state == State.BUSY) {
            becomeReady();
        }
    }

    /** COM_CHANGE_USER: the login of another user on this connection (see {@link LoginPhase#changeUser}). */
    void changeUser(int seq, Buffer payload, Runnable forgetStatements) {
        login.changeUser(seq, payload, forgetStatements);
    }

    /** The command asked the client for a file: its packets are read until the empty one. */
    void awaitLocalInfile() {
        state = State.AWAIT_LOCAL_INFILE;
        framer.resume();
    }

    void localInfileReceived() {
        busy();
    }
}
