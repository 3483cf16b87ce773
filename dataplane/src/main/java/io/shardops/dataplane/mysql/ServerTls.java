package io.shardops.dataplane.mysql;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.nio.file.Path;

/**
 * TLS for a MySQL protocol server: the server offers CLIENT_SSL and upgrades a connection after the
 * client's SSL request packet, as MySQL does; with {@code required} a client that logs in without
 * TLS is refused (3159, MySQL's require_secure_transport).
 *
 * @param certFile PEM certificate chain, the server's certificate first
 * @param keyFile  PEM private key (PKCS#8, or PKCS#1 RSA)
 */
public record ServerTls(Path certFile, Path keyFile, boolean required) {
    /** TLS 1.0 and 1.1 are deprecated (RFC 8996); MySQL 8 and MariaDB 10.11 clients speak 1.2 and 1.3. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /**
     * A loaded certificate: the TLS context and the SHA-256 fingerprint of the server's certificate,
     * which MariaDB's clients check against a proof in the login's OK packet when they cannot verify
     * a self-signed certificate otherwise (MariaDB 11.4's zero-configuration TLS).
     */
    record Loaded(SslContext sslContext, byte[] certificateFingerprint) {

        /**
         * Puts TLS in front of {@code socket}'s pipeline now, before its next read, and hands it
         * {@code early}: bytes of the client's hello that came in the same read as its SSL request.
         * {@code done} gets whether the handshake succeeded, on a Netty thread.
         */
        void upgrade(NetSocket socket, Buffer early, long timeoutMillis, Consumer<Boolean> done) {
            ChannelHandlerContext chctx = ((NetSocketInternal) socket).channelHandlerContext();
            SslHandler ssl = sslContext.newHandler(chctx.alloc());
            ssl.setHandshakeTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
            chctx.pipeline().addFirst("mysql-tls", ssl);
            ssl.handshakeFuture().addListener(f -> done.accept(f.isSuccess()));
            if (early.length() > 0) {
                chctx.pipeline().fireChannelRead(Unpooled.wrappedBuffer(early.getBytes()));
            }
        }

        /**
         * MariaDB's proof that this server, which knows the user's password hash and the handshake's
         * salt, holds the certificate the client sees: 0x01 and the upper-case hex of
         * SHA-256(password hash, salt, SHA-256 of the certificate), sent as the login OK's info.
         * MariaDB Connector/J 3.4+ and MariaDB 11.4+ clients then accept a self-signed certificate;
         * other clients ignore the text.
         */
        byte[] loginProof(byte[] storedHash, byte[] salt) {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update(storedHash);
                sha.update(salt);
                sha.update(certificateFingerprint);
                return ("\u0001" + HexFormat.of().withUpperCase().formatHex(sha.digest())).getBytes(StandardCharsets.US_ASCII);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
            }
        }
    }

    /** Reads the certificate and key; the message of a failure names the file and what is wrong. */
    Loaded load(Vertx vertx) throws Exception {
        for (Path p : new Path[] {certFile, keyFile}) {
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                throw new IllegalArgumentException("TLS file " + p + " is not a readable file");
            }
        }
        try {
            var kmf = new PemKeyCertOptions().setCertPath(certFile.toString()).setKeyPath(keyFile.toString())
                    .getKeyManagerFactory(vertx);
            SslContext ctx = SslContextBuilder.forServer(kmf).sslProvider(SslProvider.JDK).protocols(PROTOCOLS)
                    .clientAuth(ClientAuth.NONE).build();
            X509Certificate leaf;
            try (InputStream in = Files.newInputStream(certFile)) {
                leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            return new Loaded(ctx, MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded()));
        } catch (Exception e) {
            throw new IllegalArgumentException("TLS certificate " + certFile + " or key " + keyFile
                    + " cannot be used: " + e.getMessage() + " (PEM certificate and PEM private key expected)", e);
        }
    }
}
