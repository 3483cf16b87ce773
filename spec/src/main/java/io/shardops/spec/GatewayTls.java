package io.shardops.spec;

/**
 * TLS for MySQL clients of a cell's gateways.
 *
 * @param certFile   PEM certificate chain (the gateway's certificate first), resolved like the
 *                   other files a spec names; null with {@code selfSigned}
 * @param keyFile    PEM private key of that certificate; null with {@code selfSigned}
 * @param selfSigned generate a private CA and a certificate for a local cluster, kept in its state dir
 * @param required   refuse clients that log in without TLS (MySQL error 3159)
 */
public record GatewayTls(String certFile, String keyFile, boolean selfSigned, boolean required) {}
