package io.shardops.spec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS for MySQL clients of a cell's gateways.
 *
 * @param certFile   PEM certificate chain (the gateway's certificate first), as the spec writes it,
 *                   relative to the spec file; null with {@code selfSigned}
 * @param keyFile    PEM private key of that certificate; null with {@code selfSigned}
 * @param selfSigned generate a private CA and a certificate for a local cluster, kept in its state dir
 * @param required   refuse clients that log in without TLS (MySQL error 3159)
 * @param certPath   where the loader found {@code certFile} inside the spec's root; null when it is not
 *                   there (a Kubernetes cluster takes it from a Secret). Not part of equality: two
 *                   checkouts of one spec describe the same gateway.
 * @param keyPath    the same for {@code keyFile}
 */
public record GatewayTls(String certFile, String keyFile, boolean selfSigned, boolean required, Path certPath, Path keyPath) {
    public GatewayTls(String certFile, String keyFile, boolean selfSigned, boolean required) {
        this(certFile, keyFile, selfSigned, required, null, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GatewayTls t && Objects.equals(certFile, t.certFile) && Objects.equals(keyFile, t.keyFile)
                && selfSigned == t.selfSigned && required == t.required;
    }

    @Override
    public int hashCode() {
        return Objects.hash(certFile, keyFile, selfSigned, required);
    }
}
