package io.shardops.reconciler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code apply --provisioner kubernetes} refuses a spec that cannot run there before it reaches etcd or the API server. */
class ApplyKubernetesRefusalTest {
    @Test
    void aLocalBackupDirectoryIsRefusedAtItsPositionAndNothingIsContacted() {
        String spec = RenderCommandTest.repoRoot().resolve("reconciler/src/test/resources/kubernetes-specs/local-backup-dir.yaml").toString();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ApplyCommand());
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        // port 9 (discard): nothing answers there; the refusal must come before any connection
        int code = cli.execute(spec, "--provisioner", "kubernetes", "--namespace", "shop", "--etcd", "http://127.0.0.1:9", "--auto-approve");
        assertEquals(1, code, err.toString());
        assertTrue(err.toString().startsWith(spec + ":9:15: error: spec.backup location '/var/backups/shardops' is a local directory"), err.toString());
        assertTrue(err.toString().contains("2 errors in " + spec + " for Kubernetes; nothing was applied"), err.toString());
        assertEquals("", out.toString());
    }
}
