package io.shardops.dataplane.gateway;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

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
        byte[] u = user.getBytes(StandardCharsets.UTF_8);
        int caps = 0x00000200 | 0x00008000 | 0x00080000;  // PROTOCOL_41, SECURE_CONNECTION, PLUGIN_AUTH
        byte[] plugin = "mysql_native_password".getBytes(StandardCharsets.US_ASCII);
        byte[] p = new byte[4 + 4 + 1 + 23 + u.length + 1 + 1 + plugin.length + 1];
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
        System.arraycopy(plugin, 0, p, i, plugin.length);
        sendHeader(p.length, 1);
        out.write(p);
        out.flush();
        byte[] ok = readPacket();
        if (ok[0] != 0) {
            throw new IOException("login refused: " + new String(ok, StandardCharsets.UTF_8));
        }
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
