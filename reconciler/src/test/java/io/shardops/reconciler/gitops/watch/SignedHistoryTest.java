package io.shardops.reconciler.gitops.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.RevocationReasonTags;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --verify-signatures over history, not just the head: merges whose other parent is unsigned, keys the
 * trusted file revokes, keys past their expiry. Real repositories, commits signed as Git signs them by keys made here.
 */
class SignedHistoryTest {
    private static final long DAY = 24 * 3600;

    @TempDir
    Path dir;

    /** A signing key; {@code created} and {@code expiresAfterSeconds} (0: never) set its validity, {@code revocation} a reason to revoke it. */
    private record Key(PGPKeyPair pair, PGPPublicKeyRing ring) {
        static Key generate(String userId, Instant created, long expiresAfterSeconds, String revocation) throws Exception {
            Ed25519KeyPairGenerator gen = new Ed25519KeyPairGenerator();
            gen.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
            PGPKeyPair pair = new BcPGPKeyPair(PublicKeyAlgorithmTags.EDDSA_LEGACY, gen.generateKeyPair(), Date.from(created));
            PGPSignatureSubpacketGenerator self = new PGPSignatureSubpacketGenerator();
            if (expiresAfterSeconds > 0) {
                self.setKeyExpirationTime(false, expiresAfterSeconds);
            }
            PGPKeyRingGenerator rings = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair, userId,
                    new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1), self.generate(), null,
                    new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.EDDSA_LEGACY, HashAlgorithmTags.SHA256), null);
            PGPPublicKeyRing ring = rings.generatePublicKeyRing();
            if (revocation != null) {
                PGPSignatureGenerator rg = new PGPSignatureGenerator(
                        new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.EDDSA_LEGACY, HashAlgorithmTags.SHA256), pair.getPublicKey());
                rg.init(PGPSignature.KEY_REVOCATION, pair.getPrivateKey());
                PGPSignatureSubpacketGenerator why = new PGPSignatureSubpacketGenerator();
                why.setRevocationReason(false, RevocationReasonTags.KEY_COMPROMISED, revocation);
                rg.setHashedSubpackets(why.generate());
                PGPPublicKey primary = ring.getPublicKey();
                PGPSignature rev = rg.generateCertification(primary);
                ring = PGPPublicKeyRing.insertPublicKey(ring, PGPPublicKey.addCertification(primary, rev));
            }
            return new Key(pair, ring);
        }

        static Key generate(String userId) throws Exception {
            return generate(userId, Instant.now().minusSeconds(60), 0, null);
        }

        String armoredPublic() throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ArmoredOutputStream armored = new ArmoredOutputStream(out)) {
                ring.encode(armored);
            }
            return out.toString(StandardCharsets.US_ASCII);
        }

        byte[] sign(byte[] payload) throws Exception {
            PGPSignatureGenerator gen = new PGPSignatureGenerator(
                    new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.EDDSA_LEGACY, HashAlgorithmTags.SHA256), pair.getPublicKey());
            gen.init(PGPSignature.BINARY_DOCUMENT, pair.getPrivateKey());
            gen.update(payload);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ArmoredOutputStream armored = new ArmoredOutputStream(out)) {
                gen.generate().encode(armored);
            }
            return out.toByteArray();
        }
    }

    /** The work tree's repository, where commits are written by hand (to choose parents and signatures). */
    private record Hand(TestRepos repos, Git git) implements AutoCloseable {
        static Hand open(TestRepos repos) throws Exception {
            return new Hand(repos, Git.open(repos.workTree().toFile()));
        }

        Repository repo() {
            return git.getRepository();
        }

        /** A commit with {@code tree} (of an existing commit) and {@code parents}, signed by {@code key} unless null. */
        String commit(String treeOf, String message, Key key, String... parents) throws Exception {
            try (RevWalk walk = new RevWalk(repo())) {
                RevCommit source = walk.parseCommit(ObjectId.fromString(treeOf));
                CommitBuilder b = new CommitBuilder();
                b.setTreeId(source.getTree());
                List<ObjectId> ps = new ArrayList<>();
                for (String p : parents) {
                    ps.add(ObjectId.fromString(p));
                }
                b.setParentIds(ps);
                PersonIdent who = new PersonIdent("Dana Operator", "dana@example.com");
                b.setAuthor(who);
                b.setCommitter(who);
                b.setMessage(message);
                if (key != null) {
                    b.setGpgSignature(new GpgSignature(key.sign(b.build())));
                }
                try (ObjectInserter ins = repo().newObjectInserter()) {
                    ObjectId id = ins.insert(b);
                    ins.flush();
                    return id.name();
                }
            }
        }

        /** Makes {@code id} the head of main and pushes it. */
        void publish(String id) throws Exception {
            RefUpdate ru = repo().updateRef("refs/heads/main");
            ru.setNewObjectId(ObjectId.fromString(id));
            ru.setForceUpdate(true);
            ru.update();
            repos.push("main");
        }

        @Override
        public void close() {
            git.close();
        }
    }

    private Watcher watcher(SpecRepository mirror, Key... trusted) throws Exception {
        StringBuilder file = new StringBuilder();
        for (Key k : trusted) {
            file.append(k.armoredPublic());
        }
        Path keyFile = dir.resolve("trusted.asc");
        Files.writeString(keyFile, file);
        CommitSignatures keys = CommitSignatures.readTrustedKeys(keyFile);
        return new Watcher(mirror, new Watcher.Options("main", Phases.SPEC_DIR, Duration.ofHours(1), true, ReadLimits.DEFAULT, Optional.of(keys)),
                Optional.empty(), Applier.DRY_RUN, new FileWatchState(dir.resolve("state.json")), line -> { }, Clock.systemUTC());
    }

    @Test
    void aSignedMergeWhoseOtherParentIsUnsignedIsRefused() throws Exception {
        Key dana = Key.generate("Dana Operator <dana@example.com>");
        try (TestRepos repos = TestRepos.create(dir); Hand hand = Hand.open(repos);
                SpecRepository mirror = SpecRepository.mirror(repos.bare().toString(), dir.resolve("mirror.git"));
                Watcher w = watcher(mirror, dana)) {
            String trees101 = repos.commit("101", Phases.phase("101_initial_cluster.yaml"));
            String trees201 = repos.commit("201", Phases.phase("201_customer_keyspace.yaml"));
            String base = hand.commit(trees101, "101 signed", dana);
            hand.publish(base);
            WatchRecord first = w.pollOnce();
            assertEquals(Optional.of(WatchOutcome.DRY_RUN), first.outcome(), first.errors().toString());

            String sneaked = hand.commit(trees201, "201 from a pull request, unsigned", null, base);
            String merge = hand.commit(trees201, "Merge pull request #7", dana, base, sneaked);
            hand.publish(merge);
            WatchRecord r = w.pollOnce();
            assertEquals(Optional.of(WatchOutcome.REFUSED), r.outcome(), r.detail());
            assertTrue(r.errors().get(0).contains(sneaked.substring(0, 12)) && r.errors().get(0).contains("not signed"), r.errors().toString());
            assertEquals(base, r.lastGood().orElseThrow().id(), "the cluster stays at the last verified commit");
        }
    }

    @Test
    void anUnsignedCommitInTheFirstParentChainIsRefusedEvenUnderASignedHead() throws Exception {
        Key dana = Key.generate("Dana Operator <dana@example.com>");
        try (TestRepos repos = TestRepos.create(dir); Hand hand = Hand.open(repos);
                SpecRepository mirror = SpecRepository.mirror(repos.bare().toString(), dir.resolve("mirror.git"));
                Watcher w = watcher(mirror, dana)) {
            String trees101 = repos.commit("101", Phases.phase("101_initial_cluster.yaml"));
            String trees201 = repos.commit("201", Phases.phase("201_customer_keyspace.yaml"));
            String base = hand.commit(trees101, "101 signed", dana);
            hand.publish(base);
            w.pollOnce();
            String unsigned = hand.commit(trees201, "201 unsigned", null, base);
            String top = hand.commit(trees201, "a signed commit on top", dana, unsigned);
            hand.publish(top);
            WatchRecord r = w.pollOnce();
            assertEquals(Optional.of(WatchOutcome.REFUSED), r.outcome(), r.detail());
            assertTrue(r.errors().get(0).contains(unsigned.substring(0, 12)), r.errors().toString());
        }
    }

    @Test
    void aKeyRevokedInTheTrustedFileIsRefused() throws Exception {
        Key revoked = Key.generate("Former Operator <former@example.com>", Instant.now().minusSeconds(3600), 0, "laptop stolen");
        try (TestRepos repos = TestRepos.create(dir); Hand hand = Hand.open(repos);
                SpecRepository mirror = SpecRepository.mirror(repos.bare().toString(), dir.resolve("mirror.git"));
                Watcher w = watcher(mirror, revoked)) {
            String trees101 = repos.commit("101", Phases.phase("101_initial_cluster.yaml"));
            hand.publish(hand.commit(trees101, "101 signed by a revoked key", revoked));
            WatchRecord r = w.pollOnce();
            assertEquals(Optional.of(WatchOutcome.REFUSED), r.outcome(), r.detail());
            assertTrue(r.errors().get(0).contains("revokes") && r.errors().get(0).contains("laptop stolen"), r.errors().toString());
            assertTrue(r.lastGood().isEmpty());
        }
    }

    @Test
    void anExpiredKeyIsRefused() throws Exception {
        // made ten days ago, valid for one: it signs today, after it expired
        Key expired = Key.generate("Old Key <old@example.com>", Instant.now().minusSeconds(10 * DAY), DAY, null);
        try (TestRepos repos = TestRepos.create(dir); Hand hand = Hand.open(repos);
                SpecRepository mirror = SpecRepository.mirror(repos.bare().toString(), dir.resolve("mirror.git"));
                Watcher w = watcher(mirror, expired)) {
            String trees101 = repos.commit("101", Phases.phase("101_initial_cluster.yaml"));
            hand.publish(hand.commit(trees101, "101 signed by an expired key", expired));
            WatchRecord r = w.pollOnce();
            assertEquals(Optional.of(WatchOutcome.REFUSED), r.outcome(), r.detail());
            assertTrue(r.errors().get(0).contains("expired"), r.errors().toString());
        }
    }

    @Test
    void aKeyWithinItsValidityIsTrusted() throws Exception {
        Key current = Key.generate("Dana Operator <dana@example.com>", Instant.now().minusSeconds(DAY), 365 * DAY, null);
        try (TestRepos repos = TestRepos.create(dir); Hand hand = Hand.open(repos);
                SpecRepository mirror = SpecRepository.mirror(repos.bare().toString(), dir.resolve("mirror.git"))) {
            String trees101 = repos.commit("101", Phases.phase("101_initial_cluster.yaml"));
            String id = hand.commit(trees101, "101", current);
            hand.publish(id);
            try (Watcher w = watcher(mirror, current)) {
                assertEquals(Optional.of(WatchOutcome.DRY_RUN), w.pollOnce().outcome());
            }
        }
    }

    @Test
    void aChainSignedThroughoutIsAccepted() throws Exception {
        Key dana = Key.generate("Dana Operator <dana@example.com>");
        Key sam = Key.generate("Sam Reviewer <sam@example.com>");
        List<String> log = new ArrayList<>();
        try (TestRepos repos = TestRepos.create(dir); Hand hand = Hand.open(repos);
                SpecRepository mirror = SpecRepository.mirror(repos.bare().toString(), dir.resolve("mirror.git"))) {
            String trees101 = repos.commit("101", Phases.phase("101_initial_cluster.yaml"));
            String trees201 = repos.commit("201", Phases.phase("201_customer_keyspace.yaml"));
            String root = hand.commit(trees101, "101 signed", dana);
            hand.publish(root);
            StringBuilder file = new StringBuilder(dana.armoredPublic()).append(sam.armoredPublic());
            Files.writeString(dir.resolve("trusted.asc"), file);
            CommitSignatures keys = CommitSignatures.readTrustedKeys(dir.resolve("trusted.asc"));
            try (Watcher w = new Watcher(mirror, new Watcher.Options("main", Phases.SPEC_DIR, Duration.ofHours(1), true, ReadLimits.DEFAULT,
                    Optional.of(keys)), Optional.empty(), Applier.DRY_RUN, new FileWatchState(dir.resolve("state.json")), log::add, Clock.systemUTC())) {
                assertEquals(Optional.of(WatchOutcome.DRY_RUN), w.pollOnce().outcome());
                String feature = hand.commit(trees201, "201 on a branch, signed by sam", sam, root);
                String fix = hand.commit(trees201, "a follow-up, signed by sam", sam, feature);
                String mainline = hand.commit(trees101, "a signed commit on main meanwhile", dana, root);
                String merge = hand.commit(trees201, "Merge branch 201", dana, mainline, fix);
                hand.publish(merge);
                WatchRecord r = w.pollOnce();
                assertEquals(Optional.of(WatchOutcome.DRY_RUN), r.outcome(), r.errors().toString());
                assertEquals(merge, r.lastGood().orElseThrow().id());
                assertTrue(log.stream().anyMatch(l -> l.contains("all 4 commits since")), log.toString());
            }
        }
    }
}
