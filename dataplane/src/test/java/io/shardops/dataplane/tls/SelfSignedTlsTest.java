package io.shardops.dataplane.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedTlsTest {
    @TempDir
    Path tmp;

    static X509Certificate read(Path p) throws Exception {
        try (InputStream in = Files.newInputStream(p)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void theCertificateIsSignedByTheCaNamesLoopbackAndIsKeptAcrossCalls() throws Exception {
        Path dir = tmp.resolve("tls");
        SelfSignedTls.TlsFiles f = SelfSignedTls.ensure(dir, List.of("gw.example", "10.0.0.7"));
        X509Certificate ca = read(f.ca());
        X509Certificate cert = read(f.cert());
        cert.verify(ca.getPublicKey());
        assertTrue(ca.getBasicConstraints() >= 0, "the CA is a CA");
        assertEquals(-1, cert.getBasicConstraints(), "the server certificate is not");
        String names = cert.getSubjectAlternativeNames().toString();
        for (String n : List.of("localhost", "127.0.0.1", "gw.example", "10.0.0.7")) {
            assertTrue(names.contains(n), names);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.key())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertTrue(Files.readString(f.key()).startsWith("-----BEGIN PRIVATE KEY-----"));

        String before = Files.readString(f.cert());
        SelfSignedTls.ensure(dir, List.of());
        assertEquals(before, Files.readString(f.cert()), "an existing certificate is reused, so clients keep trusting its CA");
    }
}
