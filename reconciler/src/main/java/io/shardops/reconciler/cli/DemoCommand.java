package io.shardops.reconciler.cli;

import io.shardops.reconciler.apply.Approval;
import io.shardops.reconciler.apply.Approvals;
import io.shardops.reconciler.apply.Executor;
import io.shardops.reconciler.gitops.watch.ReadLimits;
import io.shardops.reconciler.gitops.watch.SpecRepository;
import io.shardops.reconciler.gitops.watch.WatchHistory;
import io.shardops.reconciler.gitops.watch.WatchOutcome;
import io.shardops.reconciler.gitops.watch.WatchRecord;
import io.shardops.reconciler.gitops.watch.Watcher;
import io.shardops.reconciler.host.local.LocalCluster;
import io.shardops.reconciler.host.local.StateDir;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.spec.Cluster;
import io.shardops.spec.load.SpecLoader;
import java.io.IOException;
import java.time.Duration;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The reference journey, end to end, as GitOps on a local cluster: each phase file of
 * {@code examples/phases} is committed in turn to a Git repository in the state dir, the watcher
 * plans it against the live topology and applies it (the demo approving the gated steps), and the
 * reference document's queries run through the gateway at the points where the document runs them.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Walk the reference journey (commerce, vertical split, sequences, reshard of customer) on a local cluster, as GitOps.",
            "Each phase of examples/phases is committed to a Git repository in the state dir, the watcher plans it against"
                    + " the live topology and applies it, stopping at gated steps until the demo approves them, and the reference's"
                    + " queries run through the gateway where the reference runs them.",
            "The cluster is stopped at the end unless --keep."
        })
public final class DemoCommand implements Callable<Integer> {
    /** Where the demo's repository keeps a cluster's spec: {@code clusters/<name>}. */
    static final String SPEC_PATH = "clusters";
    /** Polls per commit: one, plus one per gated step approved; more means the watcher is stuck. */
    private static final int MAX_PASSES = 10;

    /** The reference's queries, and after which phase it runs each. */
    static final Map<String, List<String>> QUERIES_AFTER = Map.of(
            "101", List.of("insert_commerce_data.sql", "select_commerce_data.sql"),
            "203", List.of("select_customer0_data.sql"),
            "205", List.of("select_commerce_data.sql"),
            "206", List.of("select_commerce_data.sql"),
            "302", List.of("select_customer-80_data.sql", "select_customer80-_data.sql"),
            "305", List.of("select_customer-80_data.sql", "select_customer80-_data.sql"),
            "308", List.of("insert_sharded_data.sql"));

    @Option(names = "--examples", paramLabel = "DIR",
            description = "The examples folder with phases/ and data/ (default: the repository's examples/).")
    Path examples;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "The state dir of the demo's local cluster (default: ./.shardops-demo); a cluster an earlier demo left there"
                    + " is purged first.")
    Path stateDir = Path.of(".shardops-demo");

    @Option(names = "--port", paramLabel = "PORT", description = "The gateway's MySQL port (default: the phase files' 15306).")
    Integer port;

    @Option(names = "--until", paramLabel = "PHASE", description = "Stop after this phase, e.g. 206 (default: 308, the whole journey).")
    String until = "308";

    @Option(names = "--keep", description = "Leave the cluster running at the end (stop it with shardops down --state-dir DIR).")
    boolean keep;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        Path root = examples != null ? examples : defaultExamples();
        List<Path> phases = phaseFiles(root.resolve("phases"));
        Path workDir = stateDir.toAbsolutePath();
        if (LocalCluster.existing(StateDir.resolve(workDir)).isPresent()) {
            say("The state dir holds the cluster of an earlier demo; the journey starts from an empty cluster:");
            run("down", "--purge", "--state-dir", workDir.toString());
        }
        Files.createDirectories(workDir);
        Path phaseCopies = copyPhases(root.resolve("phases"), workDir.resolve("phases"));
        int gatewayPort = port != null ? port : 15306;
        long started = System.nanoTime();
        String failedAt = null;
        String clusterName = SpecLoader.load(phaseCopies.resolve(phases.get(0).getFileName())).cluster().map(Cluster::name).orElse("demo");
        StateDir dir = StateDir.resolve(workDir);
        try {
            LocalCluster local = LocalCluster.open(dir, clusterName); // names the cluster before `up` starts its node
            if (run("up", "--state-dir", workDir.toString()) != 0) {
                failedAt = "the start of the local cluster";
                return 1;
            }
            try (DemoRepo repo = DemoRepo.create(workDir.resolve("repo"), SPEC_PATH + "/" + clusterName);
                 SpecRepository mirror = SpecRepository.mirror(repo.dir().toString(), workDir.resolve("watch/mirror.git"));
                 EtcdTopoStore store = local.topoStore();
                 Watcher watcher = WatchCommand.clusterWatcher(mirror, new Watcher.Options("main", repo.specPath(), Duration.ofHours(1),
                         false, ReadLimits.DEFAULT), store, clusterName, LocalApply.dispatch(local, out), Executor.Options.DEFAULT, out,
                         line -> say("watch: " + line))) {
                heading("A Git repository in " + repo.dir() + " holds the spec at " + repo.specPath()
                        + "; shardops watch follows its main branch and applies every commit to the local cluster");
                Approvals approvals = new Approvals(store, clusterName);
                for (Path phase : phases) {
                    String id = phase.getFileName().toString().substring(0, 3);
                    if (id.compareTo(until) > 0) {
                        break;
                    }
                    String title = "Phase " + phase.getFileName() + ": " + firstComment(phase);
                    heading(title);
                    String message = "Phase " + id + ": " + firstComment(phase);
                    say("$ cp " + phase.getFileName() + " " + repo.specPath() + "/cluster.yaml && git add " + repo.specPath() + " && git commit -m '" + message + "'");
                    repo.commit(phaseCopies.resolve(phase.getFileName()), phaseCopies.resolve("sql"), message);
                    if (!appliedByWatcher(watcher, approvals)) {
                        failedAt = phase.getFileName().toString();
                        break;
                    }
                    for (String query : QUERIES_AFTER.getOrDefault(id, List.of())) {
                        runQueries(root.resolve("data").resolve(query), gatewayPort);
                    }
                }
            }
        } finally {
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            out.println();
            if (failedAt == null) {
                out.println("Journey done in " + seconds + " s: every phase up to " + until + " committed, applied by the watcher and checked.");
            } else {
                out.println("The demo stopped at " + failedAt + " after " + seconds + " s: it did not apply (see above).");
            }
            if (keep) {
                out.println("The cluster keeps running: mysql -h 127.0.0.1 -P " + gatewayPort
                        + "; stop it with ./shardops down --state-dir " + workDir);
            } else {
                run("down", "--state-dir", workDir.toString());
            }
            out.flush();
        }
        return failedAt == null ? 0 : 1;
    }

    /**
     * Polls the watcher (instead of waiting for its timer) until the head commit is applied, approving each
     * gated step it stops at, as a person would with {@code shardops approve RUN STEP}.
     */
    private boolean appliedByWatcher(Watcher watcher, Approvals approvals) {
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            WatchRecord r = watcher.pollOnce();
            WatchOutcome outcome = r.outcome().orElse(WatchOutcome.FAILED);
            if (outcome == WatchOutcome.APPLIED || outcome == WatchOutcome.NO_CHANGES) {
                return true;
            }
            if (outcome != WatchOutcome.WAITING_FOR_APPROVAL || r.runId().isEmpty()) {
                say("The watcher did not apply the commit: " + WatchHistory.word(outcome) + ": " + r.detail());
                r.errors().forEach(this::say);
                return false;
            }
            String runId = r.runId().get();
            int step = approvals.run(runId).flatMap(Approvals::waitingStep).orElse(-1);
            Approval approval = approvals.approve(runId, step, "demo", Instant.now());
            say("$ shardops approve " + runId + " " + step);
            say("approving step " + step + " (" + approval.gate() + ")");
        }
        say("The watcher did not finish the commit within " + MAX_PASSES + " passes");
        return false;
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    private int run(String... args) {
        out.println("$ shardops " + String.join(" ", args));
        out.flush();
        CommandLine cli = new CommandLine(new ShardopsCommand());
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        cli.setOut(out);
        cli.setErr(spec.commandLine().getErr());
        return cli.execute(args);
    }

    /** Runs a reference query file with the mysql client, as the reference does; errors it prints are part of the story. */
    private void runQueries(Path file, int gatewayPort) throws IOException, InterruptedException {
        out.println("$ mysql -h 127.0.0.1 -P " + gatewayPort + " --table < " + file.getFileName());
        out.flush();
        Process p = new ProcessBuilder("mysql", "-h", "127.0.0.1", "-P", String.valueOf(gatewayPort), "-u", "demo", "--table", "--force")
                .redirectInput(file.toFile())
                .redirectErrorStream(true)
                .start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            text += "\n(mysql did not finish within 60 s)";
        }
        out.println(text.stripTrailing());
        out.flush();
    }

    /** Copies the phase files (and their SQL) so a --port different from the files' own can be written into them. */
    private Path copyPhases(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    String text = Files.readString(f);
                    if (f.getFileName().toString().endsWith(".yaml")) {
                        if (port != null) {
                            text = text.replace("mysqlPort: 15306", "mysqlPort: " + port);
                        }
                        text = gated(text);
                    }
                    Files.writeString(target, text);
                }
            }
        }
        return to;
    }

    /**
     * The demo's repository gates primary switches and destructive steps, as a production repository would,
     * so the journey shows the watcher stopping at them until they are approved. {@code spec} is the file's
     * last top-level key, so the policy is appended under it.
     */
    static String gated(String phase) {
        if (phase.contains("\n  policy:")) {
            return phase;
        }
        return phase.stripTrailing() + "\n  policy:\n    requireApproval: [switch-primary, destroy]\n";
    }

    private static List<Path> phaseFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new UserException("no phase files in " + dir + ": run the demo from the shardops repository, or pass --examples DIR");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> out = new ArrayList<>(files.filter(p -> p.getFileName().toString().matches("\\d{3}_.*\\.yaml")).sorted().toList());
            if (out.isEmpty()) {
                throw new UserException("no phase files (NNN_name.yaml) in " + dir);
            }
            return out;
        }
    }

    /** The examples folder of the repository the running jar was built in, else ./examples. */
    private static Path defaultExamples() {
        try {
            Path jar = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // <repo>/reconciler/target/shardops.jar or <repo>/reconciler/target/classes
            Path repo = jar.getParent().getParent().getParent();
            if (Files.isDirectory(repo.resolve("examples/phases"))) {
                return repo.resolve("examples");
            }
        } catch (Exception e) {
            // fall through to the working directory
        }
        return Path.of("examples");
    }

    /** The phase file's own one-line summary: its first comment line after the schema hint. */
    private static String firstComment(Path phase) throws IOException {
        for (String line : Files.readAllLines(phase)) {
            if (line.startsWith("#") && !line.contains("yaml-language-server")) {
                return line.substring(1).trim().replaceFirst("^Phase \\d+:\\s*", "");
            }
        }
        return "";
    }

    private void heading(String text) {
        out.println();
        out.println("== " + text);
        out.flush();
    }
}
