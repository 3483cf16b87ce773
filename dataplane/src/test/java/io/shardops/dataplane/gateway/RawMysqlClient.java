package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.NativePassword;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A MySQL client speaking bytes, for what no driver sends: huge length headers, silence, half-sent packets. */
final class RawMysqlClient implements AutoCloseable {
    final Socket socket;
    final InputStream in;
    final OutputStream out;

    RawMysqlClient(int port, int readTimeoutMillis) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(readTimeoutMillis);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** One packet's payload; its first byte tells OK (0), ERR (0xff), handshake (10). */
    byte[] readPacket() throws IOException {
        DataInputStream d = new DataInputStream(in);
        byte[] h = new byte[4];
        d.readFully(h);
        int len = (h[0] & 0xff) | (h[1] & 0xff) << 8 | (h[2] & 0xff) << 16;
        byte[] p = new byte[len];
        d.readFully(p);
        return p;
    }

    static int errorCode(byte[] payload) {
        return (payload[0] & 0xff) == 0xff ? (payload[1] & 0xff) | (payload[2] & 0xff) << 8 : 0;
    }

    /** A 3-byte length, a sequence id, and only {@code body} of the announced payload. */
    void sendHeader(int announced, int seq) throws IOException {
        out.write(new byte[] {(byte) announced, (byte) (announced >> 8), (byte) (announced >> 16), (byte) seq});
        out.flush();
    }

    /** Logs in as {@code user} without a password (the server must not ask for one). */
    void login(String user) throws IOException {
        readPacket();  // the handshake
        byte[] p = handshakeResponse(user, NativePassword.PLUGIN);
        sendHeader(p.length, 1);
        out.write(p);
        out.flush();
        expectOk(readPacket());
    }

    /**
     * Logs in as a client whose default plugin is not mysql_native_password (as Connector/J 8+), so
     * the server asks for an auth switch; with {@code split} every packet's header goes out alone and
     * its body only after a pause, so the server reads them apart (a slow network, a loaded machine).
     */
    void loginWithAuthSwitch(String user, String password, boolean split) throws IOException {
        readPacket();  // the handshake
        send(1, handshakeResponse(user, "caching_sha2_password"), split);
        byte[] authSwitch = readPacket();
        if ((authSwitch[0] & 0xff) != 0xfe) {
            throw new IOException("auth switch request expected, got packet " + (authSwitch[0] & 0xff));
        }
        int nul = 1;
        while (authSwitch[nul] != 0) {
            nul++;
        }
        byte[] salt = Arrays.copyOfRange(authSwitch, nul + 1, nul + 1 + NativePassword.SALT_LENGTH);
        send(3, NativePassword.scramble(password, salt), split);
        expectOk(readPacket());
    }

    /** COM_QUERY (the client does not deprecate EOF); the first column of each row, as text. */
    List<String> query(String sql, boolean split) throws IOException {
        byte[] sqlBytes = sql.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[1 + sqlBytes.length];
        p[0] = 3;  // COM_QUERY
        System.arraycopy(sqlBytes, 0, p, 1, sqlBytes.length);
        send(0, p, split);
        byte[] first = readPacket();
        if (errorCode(first) != 0) {
            throw new IOException("query refused: " + new String(first, StandardCharsets.UTF_8));
        }
        for (int columns = first[0] & 0xff; columns > 0; columns--) {
            readPacket();
        }
        readPacket();  // EOF after the columns
        List<String> rows = new ArrayList<>();
        for (byte[] row = readPacket(); !isEof(row); row = readPacket()) {
            int len = row[0] & 0xff;  // rows of this test's statements are short: a one-byte length
            rows.add(new String(row, 1, len, StandardCharsets.UTF_8));
        }
        return rows;
    }

    private static boolean isEof(byte[] payload) {
        return (payload[0] & 0xff) == 0xfe && payload.length < 9;
    }

    private static void expectOk(byte[] packet) throws IOException {
        if (packet[0] != 0) {
            throw new IOException("login refused: " + new String(packet, StandardCharsets.UTF_8));
        }
    }

    /** One packet; with {@code split} its header and its body arrive at the server 100 ms apart. */
    void send(int seq, byte[] payload, boolean split) throws IOException {
        sendHeader(payload.length, seq);
        if (split) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        out.write(payload);
        out.flush();
    }

    /** Protocol::HandshakeResponse41 with an empty auth response. */
    private static byte[] handshakeResponse(String user, String plugin) {
        byte[] u = user.getBytes(StandardCharsets.UTF_8);
        int caps = 0x00000200 | 0x00008000 | 0x00080000;  // PROTOCOL_41, SECURE_CONNECTION, PLUGIN_AUTH
        byte[] pluginName = plugin.getBytes(StandardCharsets.US_ASCII);
        byte[] p = new byte[4 + 4 + 1 + 23 + u.length + 1 + 1 + pluginName.length + 1];
        int i = 0;
        p[i++] = (byte) caps;
        p[i++] = (byte) (caps >> 8);
        p[i++] = (byte) (caps >> 16);
        p[i++] = (byte) (caps >> 24);
        p[i + 3] = 1;  // max packet 16 MiB
        i += 4;
        p[i++] = 33;
        i += 23;
        System.arraycopy(u, 0, p, i, u.length);
        i += u.length + 1;
        p[i++] = 0;  // empty scramble
        System.arraycopy(pluginName, 0, p, i, pluginName.length);
        return p;
    }

    /** Writes up to {@code bytes} of filler; false when the server closed the connection first. */
    boolean trickle(int bytes) {
        byte[] chunk = new byte[64 * 1024];
        try {
            for (int sent = 0; sent < bytes; sent += chunk.length) {
                out.write(chunk, 0, Math.min(chunk.length, bytes - sent));
            }
            out.flush();
            return true;
        } catch (SocketException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** True when the server closed the connection (after any error packet) within the read timeout. */
    boolean closedByServer() throws IOException {
        try {
            while (true) {
                readPacket();
            }
        } catch (EOFException | SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
