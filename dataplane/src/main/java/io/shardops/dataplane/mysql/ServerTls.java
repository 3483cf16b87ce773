package io.shardops.dataplane.mysql;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
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
    record Loaded(SslContext sslContext, byte[] certificateFingerprint) {}

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
