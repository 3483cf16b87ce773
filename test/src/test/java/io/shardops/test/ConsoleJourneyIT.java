package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardops.dataplane.process.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in a headless Chromium while a real move runs: {@code shardops up} of phase 101, a Git
 * repository whose policy gates the primary switch, and {@code shardops watch --state-dir} as its own process
 * serving the console. The watcher applies 201 … 204 and stops before 205's switch of primary traffic;
 * {@code console-journey-check.mjs} (beside console-check.mjs, same playwright-core) checks the keyspaces,
 * the tablets {@code shardops status} names, the vertical split's workflow and the waiting step, signs in
 * and clicks Approve. The watcher then switches for real: commerce refuses the moved tables through the gateway.
 */
class ConsoleJourneyIT {
    private static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    private static final Path SCRIPT_DIR = ROOT.resolve("reconciler/src/test/console-browser");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String TOKEN = "journey-console-token-0123456789";
    private static final String SPEC_PATH = "clusters/demo";
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(90);
    private static final long SCRIPT_TIMEOUT_SECONDS = 120;
    private static final String DENIED = "disallowed due to rule: enforce denied tables";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path tmp;
    static Process watcher;

    @AfterAll
    static void stopTheWatcherAndTheCluster() throws Exception {
        if (watcher != null) {
            watcher.destroy();  // SIGTERM: its shutdown hook closes the console and etcd clients
            if (!watcher.waitFor(20, TimeUnit.SECONDS)) {
                watcher.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        LocalClusterUpIT.shardops("down", "--purge", "--state-dir", tmp.resolve("state").toString());
        if (watcher != null) {
            assertTrue(!watcher.isAlive(), "the watcher (pid " + watcher.pid() + ") still runs");
        }
    }

    @Test
    void aUserApprovesTheRealPrimarySwitchOfTheVerticalSplitInTheConsole() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: run scripts/prereqs.sh (apt-get install -y chromium)");
        if (!Files.isDirectory(SCRIPT_DIR.resolve("node_modules/playwright-core"))) {
            // not inheritIO(): node makes the descriptors it inherits non-blocking, and the test JVM's stdin and stdout
            // are Surefire's channel to Maven (seen: "std/in stream corrupted", the fork killed after its tests passed)
            java.io.File log = SCRIPT_DIR.resolve("npm-ci.log").toFile();
            Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(SCRIPT_DIR.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(log).start();
            assertTrue(install.waitFor(300, TimeUnit.SECONDS) && install.exitValue() == 0, "npm ci in " + SCRIPT_DIR + " failed: see " + log);
        }
        long t0 = System.nanoTime();
        int port = FreePorts.one();
        Path phases = gatedPhases(port);
        Path state = tmp.resolve("state");
        LocalClusterUpIT.Run up = LocalClusterUpIT.shardops("up", phases.resolve("101_initial_cluster.yaml").toString(), "--state-dir", state.toString());
        assertEquals(0, up.exit(), up.out());
        LocalClusterUpIT.Run insert = LocalClusterUpIT.run(mysql(port, "commerce"), ROOT.resolve("examples/data/insert_commerce_data.sql"));
        assertEquals(0, insert.exit(), insert.out());

        Path repo = tmp.resolve("repo");
        try (Git git = Git.init().setInitialBranch("main").setDirectory(repo.toFile()).call()) {
            commit(git, phases, "101_initial_cluster");
            Path token = tmp.resolve("console-token");
            Files.writeString(token, TOKEN + "\n");
            Path log = tmp.resolve("watch.log");
            watcher = new ProcessBuilder(LocalClusterUpIT.shardopsCommand("watch", "--repo", repo.toString(), "--path", SPEC_PATH,
                    "--state-dir", state.toString(), "--work-dir", tmp.resolve("watch-work").toString(), "--webhook-port", "0",
                    "--console-token-file", token.toString(), "--interval", "1s"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            String console = awaitLog(log, Pattern.compile("console at (http://\\S+/) \\(approvals with the token\\)")).group(1);
            for (String phase : List.of("201_customer_keyspace", "202_customer_tablets", "203_vertical_split", "204_vertical_migrate_replicas")) {
                awaitOutcome(console, commit(git, phases, phase), "applied", log);
            }
            String switchCommit = commit(git, phases, "205_vertical_migrate_master");
            awaitOutcome(console, switchCommit, "waiting-for-approval", log);
            Matcher waiting = awaitLog(log, Pattern.compile("waiting for approval: shardops approve (run-[0-9a-f]+) (\\d+)"));
            System.out.printf("CONSOLE JOURNEY 101 up and 201..205 at the gated switch in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            LocalClusterUpIT.Run before = LocalClusterUpIT.run(mysql(port, "commerce", "-e", "select count(*) from customer"), null);
            assertEquals(0, before.exit(), "before the approval commerce still serves customer:\n" + before.out());

            String output = browserCheck(console, waiting.group(1), waiting.group(2), tablets(state));
            assertTrue(output.contains(" passed, 0 failed"), output);

            awaitOutcome(console, switchCommit, "applied", log);
            LocalClusterUpIT.Run after = LocalClusterUpIT.run(mysql(port, "commerce", "-e", "select count(*) from customer"), null);
            assertTrue(after.exit() != 0 && after.out().contains(DENIED), "after the click commerce refuses customer:\n" + after.out());
            System.out.printf("CONSOLE JOURNEY done in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
    }

    /** The phase files with the gateway on {@code port} and a policy that gates primary switches, as a production repository would. */
    private static Path gatedPhases(int port) throws IOException {
        Path to = tmp.resolve("phases");
        Files.createDirectories(to.resolve("sql"));
        try (var sql = Files.list(ROOT.resolve("examples/phases/sql"))) {
            for (Path f : sql.toList()) {
                Files.copy(f, to.resolve("sql").resolve(f.getFileName()));
            }
        }
        for (String phase : List.of("101_initial_cluster", "201_customer_keyspace", "202_customer_tablets", "203_vertical_split",
                "204_vertical_migrate_replicas", "205_vertical_migrate_master")) {
            String text = Files.readString(ROOT.resolve("examples/phases/" + phase + ".yaml")).replace("mysqlPort: 15306", "mysqlPort: " + port);
            assertTrue(!text.contains("\n  policy:"), phase + " has a policy of its own");
            Files.writeString(to.resolve(phase + ".yaml"), text.stripTrailing() + "\n  policy:\n    requireApproval: [switch-primary]\n");
        }
        return to;
    }

    /** Commits {@code phase} as the spec's cluster.yaml (with the SQL it names); returns the commit id. */
    private static String commit(Git git, Path phases, String phase) throws Exception {
        Path spec = git.getRepository().getWorkTree().toPath().resolve(SPEC_PATH);
        Files.createDirectories(spec.resolve("sql"));
        Files.copy(phases.resolve(phase + ".yaml"), spec.resolve("cluster.yaml"), StandardCopyOption.REPLACE_EXISTING);
        try (var sql = Files.list(phases.resolve("sql"))) {
            for (Path f : sql.toList()) {
                Files.copy(f, spec.resolve("sql").resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        git.add().addFilepattern(SPEC_PATH).call();
        PersonIdent who = new PersonIdent("Dana Operator", "dana@example.com");
        return git.commit().setMessage("Phase " + phase).setAuthor(who).setCommitter(who).setSign(false).call().getName();
    }

    /** Polls the watcher's GET /api/status until it reports {@code outcome} for {@code commit}; fails on any other settled outcome. */
    private static void awaitOutcome(String console, String commit, String outcome, Path log) throws Exception {
        long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(console + "api/status")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = r.body();
                JsonNode status = JSON.readTree(last);
                if (commit.equals(status.path("lastSeenCommit").path("id").asText())) {
                    String seen = status.path("outcome").asText();
                    if (seen.equals(outcome)) {
                        return;
                    }
                    if (Set.of("failed", "refused").contains(seen)) {
                        fail("the watcher's outcome for " + commit + " is " + seen + ", not " + outcome + ":\n" + last + "\n" + Files.readString(log));
                    }
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(300);
        }
        fail("the watcher did not report " + outcome + " for " + commit + " within " + PHASE_TIMEOUT.toSeconds() + " s; last status "
                + last + "\n" + Files.readString(log));
    }

    private static Matcher awaitLog(Path log, Pattern line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = line.matcher(Files.readString(log));
            if (m.find()) {
                return m;
            }
            assertTrue(watcher.isAlive(), "the watcher exited:\n" + Files.readString(log));
            Thread.sleep(200);
        }
        return fail("the watcher never logged " + line + ":\n" + Files.readString(log));
    }

    /** The tablets {@code shardops status} reports, as alias=type,alias=type: what the page must show. */
    private static String tablets(Path state) throws Exception {
        LocalClusterUpIT.Run status = LocalClusterUpIT.shardops("status", "--format", "json", "--state-dir", state.toString());
        assertEquals(0, status.exit(), status.out());
        List<String> out = new ArrayList<>();
        JSON.readTree(status.out()).path("tablets").forEach(t -> out.add(t.path("alias").asText() + "=" + t.path("type").asText()));
        assertEquals(6, out.size(), "three tablets in each of commerce/0 and customer/0: " + out);
        return String.join(",", out);
    }

    private static List<String> mysql(int port, String database, String... more) {
        List<String> cmd = new ArrayList<>(List.of("mysql", "-h", "127.0.0.1", "-P", Integer.toString(port), "-u", "user", database));
        cmd.addAll(List.of(more));
        return cmd;
    }

    /**
     * Runs console-journey-check.mjs against the console; returns its output once it exited 0, and checks
     * that Chromium and every process it started ended with it.
     */
    private static String browserCheck(String console, String run, String step, String tablets) throws Exception {
        Path profile = Files.createTempDirectory(tmp, "chromium-");
        ProcessBuilder pb = new ProcessBuilder("node", "console-journey-check.mjs").directory(SCRIPT_DIR.toFile()).redirectErrorStream(true);
        pb.environment().put("CONSOLE_URL", console);
        pb.environment().put("CONSOLE_TOKEN", TOKEN);
        pb.environment().put("CONSOLE_RUN", run);
        pb.environment().put("CONSOLE_STEP", step);
        pb.environment().put("TABLETS", tablets);
        pb.environment().put("CHROMIUM", CHROMIUM.toString());
        pb.environment().put("USER_DATA_DIR", profile.toString());
        String screenshots = System.getProperty("console.screenshots", "");
        if (!screenshots.isBlank()) {
            Files.createDirectories(Path.of(screenshots));
            pb.environment().put("SCREENSHOT_DIR", Path.of(screenshots).toAbsolutePath().toString());
        }
        Path output = tmp.resolve("console-journey-check.out");
        pb.redirectOutput(output.toFile());
        Process node = pb.start();
        Set<ProcessHandle> started = ConcurrentHashMap.newKeySet();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SCRIPT_TIMEOUT_SECONDS);
            while (node.isAlive() && System.nanoTime() < deadline) {
                node.descendants().forEach(started::add);  // Chromium's processes, to check below that they end
                Thread.sleep(200);
            }
            String text = Files.readString(output);
            System.out.print(text);
            assertTrue(!node.isAlive(), "the browser check did not finish in " + SCRIPT_TIMEOUT_SECONDS + " s:\n" + text);
            assertEquals(0, node.exitValue(), "the browser check failed:\n" + text);
            return text;
        } finally {
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(profile.toString())).orElse(false))
                    .forEach(started::add);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (started.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            String left = started.stream().filter(ProcessHandle::isAlive).map(p -> Long.toString(p.pid())).collect(Collectors.joining(" "));
            started.forEach(ProcessHandle::destroyForcibly);
            assertEquals("", left, "browser processes still running 10 s after the check ended");
        }
    }
}
