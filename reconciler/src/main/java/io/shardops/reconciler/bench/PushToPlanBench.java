package io.shardops.reconciler.bench;

import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.reconciler.apply.Executor;
import io.shardops.reconciler.apply.StepDispatch;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.reconciler.gitops.watch.Applier;
import io.shardops.reconciler.gitops.watch.EtcdWatchState;
import io.shardops.reconciler.gitops.watch.ExecutorApplier;
import io.shardops.reconciler.gitops.watch.FileWatchState;
import io.shardops.reconciler.gitops.watch.ReadLimits;
import io.shardops.reconciler.gitops.watch.SpecRepository;
import io.shardops.reconciler.gitops.watch.Watcher;
import io.shardops.reconciler.gitops.server.ReconcilerServer;
import io.shardops.reconciler.gitops.webhook.WebhookHandler;
import io.shardops.reconciler.gitops.webhook.WebhookSecret;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.reconciler.topo.EtcdTopologySource;
import io.shardops.reconciler.topo.etcd.LocalEtcd;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.transport.RefSpec;

/**
 * Push-to-plan latency: a commit pushed to a local bare repository, then (with the webhook) a signed
 * push event delivered over HTTP, until the watcher's plan of that commit is visible in GET /api/status.
 * The baseline in the same run is the same loop without a webhook, found by the timer alone.
 */
public final class PushToPlanBench {
    private static final String SPEC_DIR = "clusters/bench";
    private static final Duration VISIBLE_TIMEOUT = Duration.ofSeconds(30);
    private static final long STATUS_POLL_MILLIS = 5;

    /** One way of learning about a push, and the latencies measured with it. */
    public record Result(String mode, List<Duration> latencies, List<Long> watcherMillis) {
        public Duration median() {
            List<Duration> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
        }

        public Duration max() {
            return Collections.max(latencies);
        }

        public long medianWatcherMillis() {
            List<Long> sorted = new ArrayList<>(watcherMillis);
            Collections.sort(sorted);
            return sorted.get(sorted.size() / 2);
        }
    }

    private final Path spec;
    private final Path workDir;
    private final Consumer<String> progress;
    private final HttpClient http = HttpClient.newHttpClient();

    /**
     * @param spec a single-file spec (its {@code sql/} folder beside it comes along), e.g. phase 101
     */
    public PushToPlanBench(Path spec, Path workDir, Consumer<String> progress) {
        this.spec = spec;
        this.workDir = workDir;
        this.progress = progress;
    }

    /** Pushes {@code warmup + pushes} commits; the latencies of the last {@code pushes} are kept. */
    public Result run(boolean webhook, Duration interval, int warmup, int pushes) throws Exception {
        Path dir = Files.createTempDirectory(workDir, webhook ? "webhook-" : "timer-");
        Path bare = dir.resolve("origin.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        String base = Files.readString(spec);
        try (Git work = Git.init().setInitialBranch("main").setDirectory(dir.resolve("work").toFile()).call()) {
            Path specDir = dir.resolve("work").resolve(SPEC_DIR);
            copySql(specDir.resolve("sql"));
            String first = commitAndPush(work, specDir, bare, base, 0);
            WebhookSecret secret = WebhookSecret.of(UUID.randomUUID().toString());
            try (SpecRepository mirror = SpecRepository.mirror(bare.toString(), dir.resolve("mirror.git"));
                    Watcher watcher = new Watcher(mirror,
                            new Watcher.Options("main", SPEC_DIR, interval, true, ReadLimits.DEFAULT),
                            Optional.empty(), Applier.DRY_RUN, new FileWatchState(dir.resolve("state.json")), line -> { }, Clock.systemUTC());
                    ReconcilerServer server = ReconcilerServer.start("127.0.0.1", 0,
                            webhook ? Optional.of(new WebhookHandler(secret, "main", push -> watcher.pollSoon())) : Optional.empty(),
                            watcher::status)) {
                watcher.start();
                awaitVisible(server.port(), first);
                List<Duration> latencies = new ArrayList<>();
                List<Long> watcherMillis = new ArrayList<>();
                for (int i = 1; i <= warmup + pushes; i++) {
                    long t0 = System.nanoTime();
                    String commit = commitAndPush(work, specDir, bare, base, i);
                    if (webhook) {
                        deliver(server.port(), secret, commit);
                    }
                    JsonObject status = awaitVisible(server.port(), commit);
                    Duration latency = Duration.ofNanos(System.nanoTime() - t0);
                    if (i > warmup) {
                        latencies.add(latency);
                        watcherMillis.add(status.getLong("lastCommitMillis", 0L));
                    }
                    progress.accept((webhook ? "webhook" : "timer") + " push " + i + (i <= warmup ? " (warm-up)" : "") + ": "
                            + latency.toMillis() + " ms, " + status.getString("planSummary"));
                }
                return new Result(webhook ? "webhook" : "timer every " + interval.toMillis() + " ms", latencies, watcherMillis);
            }
        }
    }

    /**
     * A spec whose one-step change is topology-only (a sharded keyspace without tablets whose VSchema gains or
     * loses a vindex: one apply-vschema step), so push-to-applied measures the loop and the executor, not tablets
     * starting or schema being applied.
     */
    static String appliedSpec(int n) {
        return "apiVersion: shardops.io/v1\nkind: Cluster\nmetadata: {name: bench}\nspec:\n"
                + "  cells: [{name: zone1, gateway: {replicas: 1, mysqlPort: 15306}}]\n"
                + "  tabletDefaults: {replica: 0, rdonly: 0}\n"
                + "  keyspaces:\n    - name: bench\n      shards: [{name: \"-80\"}, {name: \"80-\"}]\n"
                + "      vschema: {sharded: true, vindexes: {hash: {type: hash}" + (n % 2 == 0 ? "" : ", md5: {type: binary_md5}") + "}}\n";
    }

    /**
     * Push-to-applied: the watcher plans each pushed commit against a real etcd (started in the work dir) and
     * applies it with the executor; latency until GET /api/status says {@code applied} for that commit.
     */
    public Result runApplied(int warmup, int pushes) throws Exception {
        Path dir = Files.createTempDirectory(workDir, "applied-");
        Path bare = dir.resolve("origin.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        LocalEtcd etcd = LocalEtcd.start(
                LocalEtcd.Config.in(dir.resolve("etcd")));
        try (EtcdTopoStore store = EtcdTopoStore.connect(etcd.endpoint());
                Git work = Git.init().setInitialBranch("main").setDirectory(dir.resolve("work").toFile()).call()) {
            Path specDir = dir.resolve("work").resolve(SPEC_DIR);
            String first = pushText(work, specDir, bare, appliedSpec(0), 0);
            WebhookSecret secret = WebhookSecret.of(UUID.randomUUID().toString());
            Applier applier = new ExecutorApplier(store, new StepDispatch(StepDispatch.DataPlane
                    .withoutProvisioner(TabletManagers.http(ClusterCredentials.generate()), line -> { })),
                    Executor.Options.DEFAULT.approving(true, Set.of()), Clock.systemUTC(),
                    new PrintWriter(Writer.nullWriter()));
            try (SpecRepository mirror = SpecRepository.mirror(bare.toString(), dir.resolve("mirror.git"));
                    Watcher watcher = new Watcher(mirror,
                            new Watcher.Options("main", SPEC_DIR, Duration.ofHours(1), false, ReadLimits.DEFAULT, Optional.empty(), false),
                            Optional.of(new EtcdTopologySource(store)), applier,
                            new EtcdWatchState(store, "bench", "main", SPEC_DIR), line -> { }, Clock.systemUTC());
                    ReconcilerServer server = ReconcilerServer.start("127.0.0.1", 0,
                            Optional.of(new WebhookHandler(secret, "main", push -> watcher.pollSoon())), watcher::status)) {
                watcher.start();
                deliver(server.port(), secret, first);
                awaitOutcome(server.port(), first, Set.of("applied"));
                List<Duration> latencies = new ArrayList<>();
                List<Long> watcherMillis = new ArrayList<>();
                for (int i = 1; i <= warmup + pushes; i++) {
                    long t0 = System.nanoTime();
                    String commit = pushText(work, specDir, bare, appliedSpec(i), i);
                    deliver(server.port(), secret, commit);
                    JsonObject status = awaitOutcome(server.port(), commit, Set.of("applied"));
                    Duration latency = Duration.ofNanos(System.nanoTime() - t0);
                    if (i > warmup) {
                        latencies.add(latency);
                        watcherMillis.add(status.getLong("lastCommitMillis", 0L));
                    }
                    progress.accept("applied push " + i + (i <= warmup ? " (warm-up)" : "") + ": " + latency.toMillis() + " ms, "
                            + status.getString("planSummary"));
                }
                return new Result("webhook, applied", latencies, watcherMillis);
            }
        } finally {
            etcd.stop();
        }
    }

    /** A push-to-plan mode's wait: the commit planned (a dry run, or no changes). */
    private JsonObject awaitVisible(int port, String commit) throws IOException, InterruptedException {
        return awaitOutcome(port, commit, Set.of("dry-run", "no-changes"));
    }

    /**
     * Polls GET /api/status until it shows {@code commit} with one of {@code outcomes}; any other outcome for
     * that commit fails at once, with the watcher's detail and errors.
     */
    private JsonObject awaitOutcome(int port, String commit, Set<String> outcomes) throws IOException, InterruptedException {
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/status")).build();
        long deadline = System.nanoTime() + VISIBLE_TIMEOUT.toNanos();
        JsonObject status = new JsonObject();
        while (System.nanoTime() < deadline) {
            status = new JsonObject(http.send(get, HttpResponse.BodyHandlers.ofString()).body());
            JsonObject seen = status.getJsonObject("lastSeenCommit");
            if (seen != null && commit.equals(seen.getString("id"))) {
                if (!outcomes.contains(status.getString("outcome"))) {
                    throw new IllegalStateException("commit " + commit + " ended " + status.getString("outcome") + ": "
                            + status.getString("detail") + " " + status.getJsonArray("errors"));
                }
                return status;
            }
            Thread.sleep(STATUS_POLL_MILLIS);
        }
        throw new IllegalStateException("commit " + commit + " not in /api/status after " + VISIBLE_TIMEOUT.toSeconds()
                + " s; last: " + status.encode());
    }

    private void copySql(Path target) throws IOException {
        Path sql = spec.toAbsolutePath().getParent().resolve("sql");
        Files.createDirectories(target);
        if (Files.isDirectory(sql)) {
            try (Stream<Path> files = Files.list(sql)) {
                for (Path f : files.toList()) {
                    Files.copy(f, target.resolve(f.getFileName().toString()));
                }
            }
        }
    }

    /** A one-step change per push: the default replica count alternates between its value and one more. */
    private static String commitAndPush(Git work, Path specDir, Path bare, String base, int n) throws IOException, GitAPIException {
        return pushText(work, specDir, bare, n % 2 == 0 ? base : base.replaceFirst("replica: (\\d+)", "replica: " + bumped(base)), n);
    }

    private static String pushText(Git work, Path specDir, Path bare, String text, int n) throws IOException, GitAPIException {
        Files.createDirectories(specDir);
        Files.writeString(specDir.resolve("cluster.yaml"), text + "\n# bench push " + n + "\n");
        work.add().addFilepattern(".").call();
        String id = work.commit().setMessage("bench push " + n).setSign(false).call().name();
        work.push().setRemote(bare.toUri().toString()).setRefSpecs(new RefSpec("HEAD:refs/heads/main")).setForce(true).call();
        return id;
    }

    private static int bumped(String base) {
        Matcher m = Pattern.compile("replica: (\\d+)").matcher(base);
        if (!m.find()) {
            throw new IllegalArgumentException("the bench spec needs a 'replica: N' count to change");
        }
        return Integer.parseInt(m.group(1)) + 1;
    }

    private void deliver(int port, WebhookSecret secret, String commit) throws IOException, InterruptedException {
        String body = new JsonObject().put("ref", "refs/heads/main").put("after", commit).put("deleted", false).encode();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhook"))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", secret.signatureOf(body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("the webhook answered " + response.statusCode() + ": " + response.body());
        }
    }


}
