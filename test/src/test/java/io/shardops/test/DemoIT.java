package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.process.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shardops demo} as a user runs it, up to the primary switch of the vertical split: every phase is a
 * commit the watcher applies to a real local cluster, the gated switch waits until the demo approves it,
 * and the reference's queries answer as the reference shows. Then {@code shardops watch --state-dir} on that
 * cluster, a new process each pass: the next phase's gated drop waits, {@code shardops approve} lets it through.
 */
class DemoIT {
    private static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();

    @TempDir
    static Path tmp;

    @AfterAll
    static void purge() throws Exception {
        LocalClusterUpIT.shardops("down", "--purge", "--state-dir", tmp.resolve("demo").toString());
    }

    @Test
    void eachPhaseIsACommitTheWatcherAppliesAndTheGatedSwitchWaitsForItsApproval() throws Exception {
        int port = FreePorts.one();
        LocalClusterUpIT.Run demo = LocalClusterUpIT.shardops("demo", "--examples", ROOT.resolve("examples").toString(),
                "--state-dir", tmp.resolve("demo").toString(), "--port", String.valueOf(port), "--until", "205", "--keep");
        String out = demo.out();
        assertEquals(0, demo.exit(), out);
        long appliedCommits = Arrays.stream(out.split("\n")).filter(l -> l.matches("watch: [0-9a-f]{12}: applied: .*")).count();
        assertEquals(6, appliedCommits, "101, 201, 202, 203, 204 and 205 each applied by the watcher:\n" + out);
        assertTrue(out.contains("watch:   waiting for approval: shardops approve run-"), out);
        assertTrue(out.contains("approving step 1 (switch-primary)"), out);
        assertTrue(out.contains("charlie@domain.com"), "the commerce data is served after 101:\n" + out);
        assertTrue(out.contains("disallowed due to rule: enforce denied tables"), "after 205 commerce refuses the moved tables:\n" + out);
        assertTrue(out.contains("Journey done in "), out);

        // The same loop from the command line, a new process on the cluster the demo left running: it continues
        // from the demo's record in etcd, stops at 206's gated drop, goes on once `shardops approve` is given.
        Path state = tmp.resolve("demo");
        commit(state.resolve("repo"), state.resolve("phases/206_clean_commerce.yaml"), "Phase 206: clean up commerce");
        LocalClusterUpIT.Run waiting = watchOnce(state);
        assertEquals(0, waiting.exit(), waiting.out());
        Matcher approve = Pattern.compile("waiting for approval: shardops approve (run-[0-9a-f]+) (\\d+)").matcher(waiting.out());
        assertTrue(approve.find(), waiting.out());
        LocalClusterUpIT.Run status = LocalClusterUpIT.shardops("status", "--state-dir", state.toString());
        assertTrue(status.out().contains("Waiting for approval:\n  " + approve.group(1) + " step " + approve.group(2)
                + ": shardops approve " + approve.group(1) + " " + approve.group(2)), "status names the waiting step:\n" + status.out());
        LocalClusterUpIT.Run approved = LocalClusterUpIT.shardops("approve", approve.group(1), approve.group(2), "--state-dir", state.toString());
        assertEquals(0, approved.exit(), approved.out());
        LocalClusterUpIT.Run applied = watchOnce(state);
        assertEquals(0, applied.exit(), applied.out());
        assertTrue(applied.out().matches("(?s).*: applied: .*\\(" + approve.group(1) + "\\).*"), "the approved run finished:\n" + applied.out());
        LocalClusterUpIT.Run again = watchOnce(state);
        assertEquals(0, again.exit(), again.out());
        assertTrue(!again.out().contains("new head") && !again.out().contains(": applied: "), "a restart never applies a commit again:\n" + again.out());
    }

    private static LocalClusterUpIT.Run watchOnce(Path state) throws Exception {
        return LocalClusterUpIT.shardops("watch", "--repo", state.resolve("repo").toString(), "--path", "clusters/demo",
                "--state-dir", state.toString(), "--work-dir", tmp.resolve("watch-work").toString(), "--once");
    }

    private static void commit(Path repo, Path phase, String message) throws Exception {
        Files.copy(phase, repo.resolve("clusters/demo/cluster.yaml"), StandardCopyOption.REPLACE_EXISTING);
        try (Git git = Git.open(repo.toFile())) {
            git.add().addFilepattern("clusters/demo").call();
            PersonIdent who = new PersonIdent("Dana Operator", "dana@example.com");
            git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
        }
    }
}
