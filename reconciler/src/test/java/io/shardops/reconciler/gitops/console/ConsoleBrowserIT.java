package io.shardops.reconciler.gitops.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.reconciler.apply.Approvals;
import io.shardops.reconciler.topo.etcd.TestEtcd;
import io.shardops.reconciler.gitops.watch.CommitInfo;
import io.shardops.reconciler.gitops.watch.WatchOutcome;
import io.shardops.reconciler.gitops.watch.PendingApproval;
import io.shardops.reconciler.gitops.watch.WatchRecord;
import io.shardops.reconciler.gitops.server.ReconcilerServer;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console in a real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core from
 * reconciler/src/test/console-browser) during a move: real etcd and console server, the move's records
 * written as the apply executor and the copy write them. The script checks what a user sees and asks
 * for each change of the records; the test fails when the script does.
 * {@code -Dconsole.screenshots=DIR} keeps PNGs of the page.
 */
class ConsoleBrowserIT {
    static final Path DIR = Path.of(System.getProperty("repo.root", "..")).resolve("reconciler/src/test/console-browser");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String TOKEN = "browser-it-token-0123456789";
    private static final long SCRIPT_TIMEOUT_SECONDS = 60;
    private static TestEtcd etcd;
    private static ReconcilerServer server;

    /** The browser driver the page checks use, installed at its pinned version once (whichever browser test runs first). */
    static synchronized void installPlaywright() throws Exception {
        if (!Files.isDirectory(DIR.resolve("node_modules/playwright-core"))) {
            // not inheritIO(): node makes the descriptors it inherits non-blocking, and the test JVM's stdin and stdout
            // are Surefire's channel to Maven (seen: "std/in stream corrupted", the fork killed after its tests passed)
            java.io.File log = DIR.resolve("npm-ci.log").toFile();
            Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(DIR.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(log).start();
            assertTrue(install.waitFor(300, TimeUnit.SECONDS) && install.exitValue() == 0, "npm ci in " + DIR + " failed: see " + log);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: run scripts/prereqs.sh (apt-get install -y chromium)");
        installPlaywright();
        etcd = TestEtcd.start("console-browser");
        MoveFixture.write(etcd.store(), MoveFixture.workflow(100, 50), MoveFixture.runCopying());
        JsonObject watch = WatchRecord.NONE.after(new CommitInfo(MoveFixture.runCopying().commit(), "customer: reshard 0 into -80, 80-",
                        "Ops <ops@example.com>", Instant.parse("2026-12-02T04:59:00Z")), WatchOutcome.WAITING_FOR_APPROVAL,
                "Plan: 2 to add, 1 to change, 0 to destroy; 5 steps", "stopped before step 5 (switch-traffic customer-reshard)",
                List.of(), Optional.of(PendingApproval.of(5, "switch-traffic customer-reshard")), Optional.of(MoveFixture.runCopying().id()),
                Instant.parse("2026-12-02T05:01:00Z")).toJson();
        ConsoleReader reader = new ConsoleReader(Optional.of(etcd.store()), Optional.empty(), () -> watch, Clock.systemUTC());
        server = ReconcilerServer.start("127.0.0.1", 0, Optional.empty(), () -> watch,
                Optional.of(new Console(reader, Optional.of(ConsoleToken.of(TOKEN)), Clock.systemUTC())));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        TestEtcd.stop(etcd);
    }

    @Test
    void aUserSeesTheMoveProgressLiveAndApprovesTheSwitchWithTheToken() throws Exception {
        Path userDataDir = Files.createTempDirectory("console-chromium-");
        ProcessBuilder pb = new ProcessBuilder("node", "console-check.mjs").directory(DIR.toFile()).redirectErrorStream(true);
        pb.environment().put("CONSOLE_URL", "http://127.0.0.1:" + server.port() + "/");
        pb.environment().put("CONSOLE_TOKEN", TOKEN);
        pb.environment().put("CONSOLE_RUN", MoveFixture.RUN);
        pb.environment().put("CHROMIUM", CHROMIUM.toString());
        pb.environment().put("USER_DATA_DIR", userDataDir.toString());
        String screenshots = System.getProperty("console.screenshots", "");
        if (!screenshots.isBlank()) {
            Files.createDirectories(Path.of(screenshots));
            pb.environment().put("SCREENSHOT_DIR", Path.of(screenshots).toAbsolutePath().toString());
        }
        long t0 = System.nanoTime();
        Process node = pb.start();
        StringBuilder output = new StringBuilder();
        Set<ProcessHandle> browser = ConcurrentHashMap.newKeySet();
        Thread talk = new Thread(() -> converse(node, output, browser), "console-check");
        talk.setDaemon(true);
        talk.start();
        try {
            boolean finished = node.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            talk.join(5000);
            assertTrue(finished, "the browser check did not finish in " + SCRIPT_TIMEOUT_SECONDS + " s:\n" + output);
            assertEquals(0, node.exitValue(), "the browser check failed:\n" + output);
            assertTrue(output.toString().contains(" passed, 0 failed"), output.toString());
            assertTrue(new Approvals(etcd.store(), MoveFixture.CLUSTER).approved(MoveFixture.RUN, MoveFixture.SWITCH_STEP),
                    "the approval clicked in the page is in etcd");
            System.out.println(output + "console browser check: " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
        } finally {
            node.descendants().forEach(browser::add);
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            browser.addAll(browsersOf(userDataDir));
            long waitStart = System.nanoTime();
            List<Long> left = stillRunning(browser, 10);
            System.out.println("browser processes: " + browser.size() + ", all ended " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - waitStart)
                    + " ms after the check");
            browser.forEach(ProcessHandle::destroyForcibly);
            deleteTree(userDataDir);
            assertEquals(List.of(), left, "browser processes still running 10 s after the check ended");
        }
    }

    /** Reads the script's lines; on "NEXT phase" changes the records as the move would, then answers OK. */
    private static void converse(Process node, StringBuilder output, Set<ProcessHandle> browser) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
             Writer out = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (output) {
                    output.append(line).append('\n');
                }
                if (line.startsWith("NEXT ")) {
                    node.descendants().forEach(browser::add); // the browser is up: note its processes to check they end
                    switch (line.substring(5).trim()) {
                        case "progress" -> MoveFixture.writeWorkflow(etcd.store(), MoveFixture.workflow(4000, 3000));
                        case "waiting" -> MoveFixture.writeRun(etcd.store(), MoveFixture.runWaitingAtSwitch());
                        default -> throw new IllegalStateException("the script asked for an unknown phase: " + line);
                    }
                    out.write("OK\n");
                    out.flush();
                }
            }
        } catch (IOException | RuntimeException e) {
            synchronized (output) {
                output.append("test side: ").append(e).append('\n');
            }
        }
    }

    /** The pids of {@code processes} still alive after waiting up to {@code seconds} for them to exit. */
    private static List<Long> stillRunning(Set<ProcessHandle> processes, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return processes.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).sorted().toList();
    }

    /** Processes of ours started with this test's Chromium profile, found by their command line. */
    private static List<ProcessHandle> browsersOf(Path userDataDir) {
        String dir = userDataDir.toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(dir)).orElse(false)).toList();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
