package io.shardops.reconciler.gitops.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --verify-signatures: commits signed the way Git signs them, by keys made here, checked against a key file. */
class CommitSignaturesTest {
    @TempDir
    Path dir;

    /** An OpenPGP key pair, its public half exported as `gpg --export --armor` would. */
    private record Key(PGPKeyPair pair, String armoredPublic) {
        static Key generate(String userId) throws Exception {
            Ed25519KeyPairGenerator gen = new Ed25519KeyPairGenerator();
            gen.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
            PGPKeyPair pair = new BcPGPKeyPair(PublicKeyAlgorithmTags.EDDSA_LEGACY, gen.generateKeyPair(), new Date());
            PGPKeyRingGenerator rings = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair, userId,
                    new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1), null, null,
                    new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.EDDSA_LEGACY, HashAlgorithmTags.SHA256), null);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ArmoredOutputStream armored = new ArmoredOutputStream(out)) {
                rings.generatePublicKeyRing().encode(armored);
            }
            return new Key(pair, out.toString(StandardCharsets.US_ASCII));
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

    /** Replaces the head of main with a copy of it signed by {@code key}, as `git commit -S` would have made it. */
    private static String signHead(TestRepos repos, Key key) throws Exception {
        try (Git git = Git.open(repos.workTree().toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
            Repository repo = git.getRepository();
            RevCommit head = walk.parseCommit(repo.resolve("HEAD"));
            CommitBuilder b = new CommitBuilder();
            b.setTreeId(head.getTree());
            b.setParentIds(head.getParents());
            b.setAuthor(head.getAuthorIdent());
            b.setCommitter(head.getCommitterIdent());
            b.setMessage(head.getFullMessage());
            b.setGpgSignature(new GpgSignature(key.sign(b.build())));
            ObjectId signed;
            try (ObjectInserter ins = repo.newObjectInserter()) {
                signed = ins.insert(b);
                ins.flush();
            }
            RefUpdate ru = repo.updateRef("refs/heads/main");
            ru.setNewObjectId(signed);
            ru.setForceUpdate(true);
            ru.update();
            repos.push("main");
            return signed.name();
        }
    }

    @Test
    void onlyCommitsSignedByATrustedKeyAreApplied() throws Exception {
        Key dana = Key.generate("Dana Operator <dana@example.com>");
        Key mallory = Key.generate("Mallory <mallory@example.com>");
        Path keyFile = dir.resolve("trusted.asc");
        Files.writeString(keyFile, dana.armoredPublic());
        CommitSignatures keys = CommitSignatures.readTrustedKeys(keyFile);

        try (TestRepos repos = TestRepos.create(dir);
                SpecRepository mirror = SpecRepository.mirror(repos.bare().toString(), dir.resolve("mirror.git"));
                Watcher w = new Watcher(mirror,
                        new Watcher.Options("main", Phases.SPEC_DIR, Duration.ofHours(1), true, ReadLimits.DEFAULT, Optional.of(keys)),
                        Optional.empty(), Applier.DRY_RUN, new FileWatchState(dir.resolve("state.json")), line -> { }, Clock.systemUTC())) {
            repos.commit("101", Phases.phase("101_initial_cluster.yaml"));
            String good = signHead(repos, dana);
            WatchRecord signed = w.pollOnce();
            assertEquals(Optional.of(WatchOutcome.DRY_RUN), signed.outcome(), signed.errors().toString());
            assertEquals(good, signed.lastGood().orElseThrow().id());

            String unsigned = repos.commitAndPush("201 unsigned", Phases.phase("201_customer_keyspace.yaml"));
            WatchRecord r1 = w.pollOnce();
            assertEquals(Optional.of(WatchOutcome.REFUSED), r1.outcome());
            assertEquals(unsigned, r1.lastSeen().orElseThrow().id());
            assertTrue(r1.errors().get(0).contains("not signed"), r1.errors().toString());
            assertEquals(good, r1.lastGood().orElseThrow().id());

            repos.commit("201 by mallory", Phases.phase("201_customer_keyspace.yaml"));
            signHead(repos, mallory);
            WatchRecord r2 = w.pollOnce();
            assertEquals(Optional.of(WatchOutcome.REFUSED), r2.outcome());
            assertTrue(r2.errors().get(0).contains("not in --trusted-keys"), r2.errors().toString());
            assertEquals(good, r2.lastGood().orElseThrow().id());
        }
    }

    @Test
    void aSignatureOverOtherContentIsInvalid() throws Exception {
        Key dana = Key.generate("Dana Operator <dana@example.com>");
        Path keyFile = dir.resolve("trusted.asc");
        Files.writeString(keyFile, dana.armoredPublic());
        CommitSignatures keys = CommitSignatures.readTrustedKeys(keyFile);
        try (TestRepos repos = TestRepos.create(dir); Git git = Git.open(repos.workTree().toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
            repos.commit("c", Phases.phase("101_initial_cluster.yaml"));
            Repository repo = git.getRepository();
            RevCommit head = walk.parseCommit(repo.resolve("HEAD"));
            CommitBuilder b = new CommitBuilder();
            b.setTreeId(head.getTree());
            b.setAuthor(head.getAuthorIdent());
            b.setCommitter(head.getCommitterIdent());
            b.setMessage("what was signed");
            byte[] sig = dana.sign(b.build());
            b.setMessage("what was committed");
            b.setGpgSignature(new GpgSignature(sig));
            ObjectId forged;
            try (ObjectInserter ins = repo.newObjectInserter()) {
                forged = ins.insert(b);
                ins.flush();
            }
            CommitSignatures.Verdict v = keys.verify(walk.parseCommit(forged));
            assertInstanceOf(CommitSignatures.Verdict.Invalid.class, v);
        }
    }

    @Test
    void aKeyFileWithoutKeysIsRefused() throws IOException {
        Path empty = dir.resolve("none.asc");
        Files.writeString(empty, "not a key\n");
        IllegalArgumentException e = Assertions.assertThrows(IllegalArgumentException.class,
                () -> CommitSignatures.readTrustedKeys(empty));
        assertTrue(e.getMessage().contains("gpg --export --armor"), e.getMessage());
    }

    @Test
    void payloadIsTheCommitWithoutItsSignatureHeader() {
        String raw = "tree abc\nparent def\nauthor A <a> 1 +0000\ncommitter A <a> 1 +0000\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n xyz\n -----END PGP SIGNATURE-----\n\nmessage\n gpgsig in the message stays\n";
        String expected = "tree abc\nparent def\nauthor A <a> 1 +0000\ncommitter A <a> 1 +0000\n\nmessage\n gpgsig in the message stays\n";
        assertEquals(expected, new String(CommitSignatures.signedPayload(raw.getBytes()), StandardCharsets.US_ASCII));
    }
}
