package io.shardops.reconciler.git;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The OpenPGP keys whose commits the watcher trusts ({@code --trusted-keys FILE}, the output of
 * {@code gpg --export --armor KEY...}) and the check of a commit's {@code gpgsig} against them. The
 * keys come from that file only, never from a user's keyring, so what is trusted is in review too.
 */
public final class CommitSignatures {
    private static final byte[] GPGSIG = "gpgsig ".getBytes(StandardCharsets.US_ASCII);
    private static final long MAX_KEY_FILE_BYTES = 1 << 20;

    private final PGPPublicKeyRingCollection trusted;

    private CommitSignatures(PGPPublicKeyRingCollection trusted) {
        this.trusted = trusted;
    }

    /** What a commit's signature says about it. */
    public sealed interface Verdict {
        /** Signed by a trusted key and the signature matches the commit. */
        record Trusted(String keyId, String userId) implements Verdict {}

        /** No signature at all. */
        record Unsigned() implements Verdict {}

        /** A valid-looking signature by a key not in the trusted file. */
        record Untrusted(String keyId) implements Verdict {}

        /** A signature that does not match the commit, or cannot be read. */
        record Invalid(String reason) implements Verdict {}
    }

    /** Reads armored or binary public keys; a file without any is an error, not "trust nobody" by accident. */
    public static CommitSignatures readTrustedKeys(Path file) throws IOException {
        if (Files.size(file) > MAX_KEY_FILE_BYTES) {
            throw new IllegalArgumentException(file + ": more than " + MAX_KEY_FILE_BYTES + " bytes; export only the keys you trust");
        }
        try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(file))) {
            PGPPublicKeyRingCollection keys = new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator());
            if (keys.size() == 0) {
                throw new IllegalArgumentException(file + ": holds no OpenPGP public key; write it with gpg --export --armor KEYID");
            }
            return new CommitSignatures(keys);
        } catch (PGPException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null && iae.getMessage().startsWith(file.toString())) {
                throw iae;
            }
            throw new IllegalArgumentException(file + ": not an OpenPGP public key file (" + e.getMessage()
                    + "); write it with gpg --export --armor KEYID");
        }
    }

    public int keyCount() {
        return trusted.size();
    }

    public Verdict verify(RevCommit commit) {
        byte[] signature = commit.getRawGpgSignature();
        if (signature == null) {
            return new Verdict.Unsigned();
        }
        if (new String(signature, StandardCharsets.US_ASCII).startsWith("-----BEGIN SSH SIGNATURE-----")) {
            return new Verdict.Invalid("signed with an SSH key; shardops trusts OpenPGP keys only");
        }
        try {
            PGPSignature sig = firstSignature(signature);
            if (sig == null) {
                return new Verdict.Invalid("the gpgsig header holds no OpenPGP signature");
            }
            String keyId = keyId(sig.getKeyID());
            PGPPublicKey key = trusted.getPublicKey(sig.getKeyID());
            if (key == null) {
                return new Verdict.Untrusted(keyId);
            }
            sig.init(new BcPGPContentVerifierBuilderProvider(), key);
            sig.update(signedPayload(commit.getRawBuffer()));
            if (!sig.verify()) {
                return new Verdict.Invalid("the signature by key " + keyId + " does not match the commit's content");
            }
            return new Verdict.Trusted(keyId, userIdOf(key));
        } catch (PGPException | IOException | RuntimeException e) {
            return new Verdict.Invalid("the signature cannot be read: " + e.getMessage());
        }
    }

    private static PGPSignature firstSignature(byte[] armored) throws IOException {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored))) {
            Object o = new BcPGPObjectFactory(in).nextObject();
            if (o instanceof PGPSignatureList list && !list.isEmpty()) {
                return list.get(0);
            }
            return null;
        }
    }

    private String userIdOf(PGPPublicKey key) {
        PGPPublicKeyRing ring = trusted.getPublicKeyRing(key.getKeyID());
        if (ring == null) {
            return "";
        }
        Iterator<String> ids = ring.getPublicKey().getUserIDs();
        return ids.hasNext() ? ids.next() : "";
    }

    /** The bytes Git signs: the raw commit without its {@code gpgsig} header (and the header's continuation lines). */
    static byte[] signedPayload(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        int i = 0;
        boolean inHeaders = true;
        boolean skipping = false;
        while (i < raw.length) {
            int end = i;
            while (end < raw.length && raw[end] != '\n') {
                end++;
            }
            int next = Math.min(end + 1, raw.length);
            if (inHeaders) {
                if (end == i) {
                    inHeaders = false; // the blank line before the message
                    skipping = false;
                } else if (skipping && raw[i] == ' ') {
                    i = next;
                    continue;
                } else {
                    skipping = startsWith(raw, i, GPGSIG);
                    if (skipping) {
                        i = next;
                        continue;
                    }
                }
            }
            out.write(raw, i, next - i);
            i = next;
        }
        return out.toByteArray();
    }

    private static boolean startsWith(byte[] raw, int at, byte[] prefix) {
        if (at + prefix.length > raw.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (raw[at + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    static String keyId(long id) {
        return String.format(Locale.ROOT, "%016X", id);
    }
}
