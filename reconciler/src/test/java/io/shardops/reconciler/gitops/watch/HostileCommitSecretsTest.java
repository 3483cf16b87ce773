package io.shardops.reconciler.gitops.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.reconciler.gitops.server.ReconcilerServer;
import io.shardops.reconciler.gitops.console.Console;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushed commits that try to read the console's approval token off the host into the watcher's
 * status: a schema file or usersFile naming it by absolute path, by {@code ../}, and through a
 * symbolic link committed to the repository. Each is run through a real repository and the watcher
 * behind its HTTP server with the console mounted; the token text must appear in neither
 * {@code GET /api/status} nor {@code GET /api/console}, nor in the watcher's log lines.
 */
class HostileCommitSecretsTest {
    /** One word, so a SQL parse error quoting "the token near the error" would quote all of it. */
    private static final String TOKEN = "tok9Qx4Lm2Vr7Ws1Ye6Zu3Ka8Pb5Nc0Hd";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void noCommitCanPutTheConsoleTokenIntoTheStatusOrConsoleApis() throws Exception {
        Path secrets = Files.createDirectories(dir.resolve("host-secrets"));
        Path tokenFile = secrets.resolve("console-token");
        Files.writeString(tokenFile, TOKEN + "\n");
        String climb = "../".repeat(30) + tokenFile.toAbsolutePath().toString().substring(1);
        List<String> log = new CopyOnWriteArrayList<>();
        try (TestRepos repos = TestRepos.create(dir.resolve("repos"));
                SpecRepository mirror = SpecRepository.mirror(repos.bare().toString(), dir.resolve("mirror.git"));
                Watcher watcher = new Watcher(mirror,
                        new Watcher.Options("main", Phases.SPEC_DIR, Duration.ofHours(1), true, ReadLimits.DEFAULT, Optional.empty()),
                        Optional.empty(), Applier.DRY_RUN, new FileWatchState(dir.resolve("state.json")), log::add, Clock.systemUTC());
                ReconcilerServer server = ReconcilerServer.start("127.0.0.1", 0, Optional.empty(), watcher::status,
                        Optional.of(Console.forWatch(null, tokenFile, watcher::status)))) {
            String good = repos.commitAndPush("101", Phases.phase("101_initial_cluster.yaml"));
            watcher.pollSoon();
            awaitSeen(server, good);

            Map<String, String> tries = new LinkedHashMap<>();
            tries.put("schema file by absolute path", "- file: " + tokenFile.toAbsolutePath());
            tries.put("schema file by ../", "- file: " + climb);
            tries.put("usersFile by absolute path", "USERS:" + tokenFile.toAbsolutePath());
            tries.put("usersFile by ../", "USERS:" + climb);
            for (Map.Entry<String, String> t : tries.entrySet()) {
                String commit = repos.commitAndPush(t.getKey(), hostile(t.getValue()));
                watcher.pollSoon();
                JsonObject status = awaitSeen(server, commit);
                assertNoToken(server, log, t.getKey());
                assertTrue(status.encode().contains("outside the spec's root") || status.encode().contains("absolute path"),
                        t.getKey() + ": the status says why the commit was refused: " + status.encodePrettily());
            }

            // a link committed to the repository that points at the token on the host
            repos.commit("schema file through a committed symlink", hostile("- file: sql/linked.sql"));
            String linked = repos.commitSymlink("link sql/linked.sql to the token", Phases.SPEC_DIR + "/sql/linked.sql", tokenFile.toAbsolutePath());
            repos.push("main");
            watcher.pollSoon();
            JsonObject status = awaitSeen(server, linked);
            assertNoToken(server, log, "symlink");
            assertFalse(status.encode().contains("\"outcome\" : \"dry-run\""), "the linked spec was not planned");
        }
    }

    /** Phase 101 with one schema entry (or the gateway's auth) replaced by {@code attempt}. */
    private static Map<String, String> hostile(String attempt) {
        Map<String, String> files = new HashMap<>(Phases.phase("101_initial_cluster.yaml"));
        String yaml = files.get(Phases.SPEC_DIR + "/cluster.yaml");
        if (attempt.startsWith("USERS:")) {
            yaml = yaml.replace("auth: {type: none}", "auth: {type: static, usersFile: \"" + attempt.substring(6) + "\"}");
        } else {
            yaml = yaml.replace("- file: sql/customer_unsharded.sql", "- file: sql/customer_unsharded.sql\n        " + attempt);
        }
        files.put(Phases.SPEC_DIR + "/cluster.yaml", yaml);
        return files;
    }

    private void assertNoToken(ReconcilerServer server, List<String> log, String attempt) throws Exception {
        String status = get(server, "/api/status");
        String console = get(server, "/api/console");
        assertFalse(status.contains(TOKEN.substring(0, 10)), attempt + ": /api/status serves the token:\n" + status);
        assertFalse(console.contains(TOKEN.substring(0, 10)), attempt + ": /api/console serves the token:\n" + console);
        for (String line : log) {
            assertFalse(line.contains(TOKEN.substring(0, 10)), attempt + ": the watcher logged the token: " + line);
        }
    }

    private JsonObject awaitSeen(ReconcilerServer server, String commit) throws Exception {
        for (int i = 0; i < 300; i++) {
            JsonObject s = new JsonObject(get(server, "/api/status"));
            JsonObject seen = s.getJsonObject("lastSeenCommit");
            if (seen != null && commit.equals(seen.getString("id"))) {
                return s;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("commit " + commit + " never showed in /api/status: " + get(server, "/api/status"));
    }

    private String get(ReconcilerServer server, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path);
        return r.body();
    }
}
