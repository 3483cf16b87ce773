package io.shardops.reconciler.gitops.watch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.bcpg.sig.RevocationReason;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The OpenPGP keys whose commits the watcher trusts ({@code --trusted-keys FILE}, the output of
 * {@code gpg --export --armor KEY...}) and the check of a commit's {@code gpgsig} against them. The
 * keys come from that file only, never from a user's keyring, so what is trusted is in review too.
 */
public final class CommitSignatures {
    private static final byte[] GPGSIG = "gpgsig ".getBytes(StandardCharsets.US_ASCII);
    private static final long MAX_KEY_FILE_BYTES = 1 << 20;
    private static final String ARMOR_BEGIN = "-----BEGIN PGP PUBLIC KEY BLOCK-----";

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

        /** Signed by a trusted key that the trusted-keys file revokes (a revocation signature on the key or its primary key). */
        record Revoked(String keyId, String reason) implements Verdict {}

        /** Signed by a trusted key that had expired when it signed, or has expired since. */
        record Expired(String keyId, Instant expiredAt) implements Verdict {}
    }

    /**
     * The verdict over the commits new since the last applied one: the first commit that is not trusted
     * and why, or the head's trusted verdict.
     *
     * @param commitId the commit the verdict is about
     * @param checked  how many commits were verified
     */
    public record ChainVerdict(String commitId, Verdict verdict, int checked) {
        public boolean trusted() {
            return verdict instanceof Verdict.Trusted;
        }
    }

    /** A longer history since the last applied commit is not verified commit by commit; it is refused. */
    static final int MAX_COMMITS_VERIFIED = 10_000;

    /** Reads armored or binary public keys; a file without any is an error, not "trust nobody" by accident. */
    public static CommitSignatures readTrustedKeys(Path file) throws IOException {
        if (Files.size(file) > MAX_KEY_FILE_BYTES) {
            throw new IllegalArgumentException(file + ": more than " + MAX_KEY_FILE_BYTES + " bytes; export only the keys you trust");
        }
        try {
            PGPPublicKeyRingCollection keys = readRings(Files.readAllBytes(file));
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

    /**
     * Every key block of the file: {@code cat a.asc b.asc > trusted.asc} gives several armored blocks, and the
     * decoder alone would stop after the first, silently dropping the rest.
     */
    private static PGPPublicKeyRingCollection readRings(byte[] content) throws IOException, PGPException {
        String text = new String(content, StandardCharsets.US_ASCII);
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        int at = text.indexOf(ARMOR_BEGIN);
        if (at < 0) {
            try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(content))) {
                return new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator());
            }
        }
        while (at >= 0) {
            int next = text.indexOf(ARMOR_BEGIN, at + ARMOR_BEGIN.length());
            byte[] block = text.substring(at, next < 0 ? text.length() : next).getBytes(StandardCharsets.US_ASCII);
            try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(block))) {
                new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator()).forEach(rings::add);
            }
            at = next;
        }
        return new PGPPublicKeyRingCollection(rings);
    }

    public int keyCount() {
        return trusted.size();
    }

    /**
     * Verifies {@code head} and every commit reachable from it but not from {@code lastApplied}: all parents of
     * a merge, back to the last applied commit (or, with none, to the root), so an unsigned commit cannot come in
     * as the second parent of a signed merge. A {@code lastApplied} missing from the repository (history rewritten
     * and collected) counts as none.
     */
    public ChainVerdict verifySince(Repository repo, ObjectId head, Optional<ObjectId> lastApplied, Instant now) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit top = walk.parseCommit(head);
            Verdict headVerdict = verify(top, now);
            if (!(headVerdict instanceof Verdict.Trusted)) {
                return new ChainVerdict(top.name(), headVerdict, 1);
            }
            walk.markStart(top);
            if (lastApplied.isPresent()) {
                try {
                    walk.markUninteresting(walk.parseCommit(lastApplied.get()));
                } catch (MissingObjectException | IncorrectObjectTypeException gone) {
                    // nothing to stop at: the whole history is verified
                }
            }
            int checked = 0;
            for (RevCommit c : walk) {
                if (++checked > MAX_COMMITS_VERIFIED) {
                    return new ChainVerdict(c.name(), new Verdict.Invalid("more than " + MAX_COMMITS_VERIFIED
                            + " commits since the last applied one; each must be verified, so this many are refused"), checked);
                }
                Verdict v = c.equals(top) ? headVerdict : verify(c, now);
                if (!(v instanceof Verdict.Trusted)) {
                    return new ChainVerdict(c.name(), v, checked);
                }
            }
            return new ChainVerdict(top.name(), headVerdict, checked);
        }
    }

    public Verdict verify(RevCommit commit) {
        return verify(commit, Instant.now());
    }

    /** One commit's signature, by a trusted key not revoked and valid both when it signed and at {@code now}. */
    public Verdict verify(RevCommit commit, Instant now) {
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
            return validity(key, sig, keyId, now).orElseGet(() -> new Verdict.Trusted(keyId, userIdOf(key)));
        } catch (PGPException | IOException | RuntimeException e) {
            return new Verdict.Invalid("the signature cannot be read: " + e.getMessage());
        }
    }

    /**
     * Refuses a key the trusted file revokes (any revocation signature on the signing key or its primary key:
     * the file is the operator's, so a revocation there is meant) or that was expired when it signed or is now.
     */
    private Optional<Verdict> validity(PGPPublicKey key, PGPSignature sig, String keyId, Instant now) {
        PGPPublicKeyRing ring = trusted.getPublicKeyRing(key.getKeyID());
        PGPPublicKey primary = ring == null ? key : ring.getPublicKey();
        Instant signedAt = sig.getCreationTime().toInstant();
        for (PGPPublicKey k : primary == key ? List.of(key) : List.of(primary, key)) {
            Optional<String> revoked = revocation(k);
            if (revoked.isPresent()) {
                return Optional.of(new Verdict.Revoked(keyId(k.getKeyID()), revoked.get()));
            }
            Instant created = k.getCreationTime().toInstant();
            if (signedAt.isBefore(created)) {
                return Optional.of(new Verdict.Invalid("the signature by key " + keyId + " claims a time before the key existed"));
            }
            long valid = k.getValidSeconds();
            if (valid > 0) {
                Instant expires = created.plusSeconds(valid);
                if (!signedAt.isBefore(expires) || !now.isBefore(expires)) {
                    return Optional.of(new Verdict.Expired(keyId(k.getKeyID()), expires));
                }
            }
        }
        PGPSignatureSubpacketVector hashed = sig.getHashedSubPackets();
        long sigValid = hashed == null ? 0 : hashed.getSignatureExpirationTime();
        if (sigValid > 0 && !now.isBefore(signedAt.plusSeconds(sigValid))) {
            return Optional.of(new Verdict.Expired(keyId, signedAt.plusSeconds(sigValid)));
        }
        return Optional.empty();
    }

    /** The reason of a revocation signature on {@code key}, if it carries one. */
    private static Optional<String> revocation(PGPPublicKey key) {
        int type = key.isMasterKey() ? PGPSignature.KEY_REVOCATION : PGPSignature.SUBKEY_REVOCATION;
        Iterator<PGPSignature> it = key.getSignaturesOfType(type);
        if (!it.hasNext()) {
            return Optional.empty();
        }
        PGPSignature rev = it.next();
        PGPSignatureSubpacketVector hashed = rev.getHashedSubPackets();
        RevocationReason reason = hashed == null ? null : hashed.getRevocationReason();
        String text = reason == null || reason.getRevocationDescription().isBlank() ? "no reason given" : reason.getRevocationDescription();
        return Optional.of(text + " (revoked " + rev.getCreationTime().toInstant() + ")");
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
