package io.shardops.dataplane.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A private CA and a server certificate it signs, for a local cluster's gateways. Clients verify the
 * gateway with {@code ca.pem}; the gateway serves {@code cert.pem} with {@code key.pem}. The CA's
 * own key is not kept: nothing else can be signed with it. Files are written once and reused, so
 * clients keep trusting the same CA across restarts; delete the folder to get new ones.
 */
public final class SelfSignedTls {
    public static final String CA_FILE = "ca.pem";
    public static final String CERT_FILE = "cert.pem";
    public static final String KEY_FILE = "key.pem";
    static final Duration VALIDITY = Duration.ofDays(825);  // the longest a public CA may issue; long enough for a local cluster

    /** The files of a generated certificate. */
    public record TlsFiles(Path ca, Path cert, Path key) {}

    private SelfSignedTls() {}

    /**
     * The CA, certificate and key in {@code dir}, generated when absent. The certificate names
     * {@code localhost}, 127.0.0.1, ::1 and {@code extraNames} (host names or IP addresses).
     * The key file is readable by its owner only (0600), the folder too (0700).
     */
    public static TlsFiles ensure(Path dir, List<String> extraNames) throws IOException {
        TlsFiles f = new TlsFiles(dir.resolve(CA_FILE), dir.resolve(CERT_FILE), dir.resolve(KEY_FILE));
        if (Files.isRegularFile(f.ca()) && Files.isRegularFile(f.cert()) && Files.isRegularFile(f.key())) {
            return f;
        }
        Files.createDirectories(dir);
        restrict(dir, "rwx------");
        try {
            generate(f, extraNames);
        } catch (GeneralSecurityException | OperatorCreationException
                 | CertIOException e) {
            throw new IOException("cannot generate the gateway's TLS certificate: " + e.getMessage(), e);
        }
        return f;
    }

    private static void generate(TlsFiles f, List<String> extraNames) throws IOException, GeneralSecurityException,
            OperatorCreationException {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048, new SecureRandom());
        KeyPair caKeys = rsa.generateKeyPair();
        KeyPair serverKeys = rsa.generateKeyPair();
        Instant now = Instant.now();
        Date from = Date.from(now.minus(Duration.ofHours(1)));  // tolerate a little clock skew
        Date to = Date.from(now.plus(VALIDITY));
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();

        X500Name caName = new X500Name("CN=shardops local gateway CA");
        X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, serial(), from, to, caName, caKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caKeys.getPublic()));
        ContentSigner caSigner = new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate());
        X509Certificate caCert = new JcaX509CertificateConverter().getCertificate(ca.build(caSigner));

        List<GeneralName> names = new ArrayList<>(List.of(new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.iPAddress, "::1")));
        for (String n : extraNames) {
            names.add(new GeneralName(isIpAddress(n) ? GeneralName.iPAddress : GeneralName.dNSName, n));
        }
        X509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(caCert, serial(), from, to,
                new X500Name("CN=localhost"), serverKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)))
                .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
        X509Certificate serverCert = new JcaX509CertificateConverter().getCertificate(server.build(caSigner));

        // the key first, so a crash leaves no certificate without its key; each file appears whole
        writeAtomically(f.key(), pem(new PemObject("PRIVATE KEY", serverKeys.getPrivate().getEncoded())), true);
        writeAtomically(f.cert(), pem(serverCert), false);
        writeAtomically(f.ca(), pem(caCert), false);
    }

    private static BigInteger serial() {
        return new BigInteger(127, new SecureRandom());
    }

    private static boolean isIpAddress(String s) {
        return s.matches("[0-9.]+") || s.contains(":");
    }

    private static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }

    private static void writeAtomically(Path target, String text, boolean secret) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        restrict(tmp, secret ? "rw-------" : "rw-r--r--");
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void restrict(Path p, String perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: permissions are the platform's
        }
    }

}
