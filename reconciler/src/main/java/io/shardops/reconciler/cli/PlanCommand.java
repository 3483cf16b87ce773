package io.shardops.reconciler.cli;

import io.shardops.planner.diff.Planner;
import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.PlanResult;
import io.shardops.planner.plan.PlanSource;
import io.shardops.planner.plan.PlanTarget;
import io.shardops.planner.render.PlanFile;
import io.shardops.planner.render.PlanJson;
import io.shardops.planner.render.PlanMarkdown;
import io.shardops.planner.render.PlanText;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.TopologyOf;
import io.shardops.planner.topology.TopologySource;
import io.shardops.spec.Cluster;
import io.shardops.spec.Problem;
import io.shardops.spec.load.LoadResult;
import io.shardops.spec.load.SpecLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shardops plan SPEC [--from SPEC]}: the changes that take the cluster to SPEC, in order. */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Show the steps that take the cluster from its live topology (or, with --from, from the state another spec describes) to SPEC.",
            "SPEC is a spec file or a folder of one Cluster file plus Keyspace files. Nothing is changed.",
            "Exit status: 0 success; 1 error (invalid spec, refused plan, an error of the change review: docs/lint.md); with --detailed-exitcode: 0 no changes, 1 error, 2 changes."
        })
public final class PlanCommand implements Callable<Integer> {
    enum Format { text, json, markdown }

    @Parameters(index = "0", paramLabel = "SPEC", description = "The desired spec: a file, or a folder with one Cluster file and Keyspace files.")
    Path specPath;

    @Option(names = "--from", paramLabel = "SPEC", description = "Plan against the state this spec describes, fully applied (no etcd needed).")
    Path fromPath;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format = Format.text;

    @Option(names = "--out", paramLabel = "PLANFILE", description = "Also save the plan to this file, for `shardops apply PLANFILE`.")
    Path out;

    @Option(names = "--detailed-exitcode", description = "Exit 0 when there are no changes, 1 on error, 2 when there are changes.")
    boolean detailedExitcode;

    @Option(names = "--no-color", description = "No ANSI colours in text output (colours are used only on a terminal anyway).")
    boolean noColor;

    @Mixin
    EtcdOption etcd = new EtcdOption();

    @Mixin
    StateDirOption stateDir = new StateDirOption();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Loaded desired = load(specPath, stderr);
        if (desired == null) {
            return 1;
        }
        Topology live;
        PlanSource source;
        if (fromPath != null) {
            Loaded from = load(fromPath, stderr);
            if (from == null) {
                return 1;
            }
            live = TopologyOf.spec(from.cluster);
            source = PlanSource.ofSpec(fromPath.toString(), from.hash);
        } else {
            live = liveSource().read(desired.cluster.name());
            source = PlanSource.ofTopology(live.revision(), live.modRevisions());
        }
        PlanResult result = Planner.plan(desired.cluster, live, source, new PlanTarget(desired.cluster.name(), specPath.toString(), desired.hash, ""));
        if (result.refused()) {
            for (Problem e : result.errors()) {
                stderr.println(e.render());
            }
            int n = result.errors().size();
            stderr.println("The plan is refused: " + n + (n == 1 ? " problem" : " problems") + ". Nothing was planned; change the spec as the hints say.");
            stderr.flush();
            return 1;
        }
        Plan plan = result.plan();
        switch (format) {
            case json -> stdout.print(PlanJson.write(plan));
            case markdown -> stdout.print(PlanMarkdown.render(plan));
            default -> stdout.print(PlanText.render(plan, useColor()));
        }
        stdout.flush();
        if (out != null) {
            try {
                PlanFile.write(out, plan);
            } catch (IOException e) {
                throw new UserException("cannot write the plan file " + out + ": " + e.getMessage() + "; check that its folder is writable");
            }
            stderr.println("Saved the plan to " + out + ". Apply exactly these steps with: shardops apply " + out);
            stderr.flush();
        }
        if (!plan.blockingFindings().isEmpty()) {
            int n = plan.blockingFindings().size();
            stderr.println("The change review found " + n + (n == 1 ? " error" : " errors") + ": apply refuses this plan."
                    + " Change the spec as the hints say, or set the code's level in policy.lint (docs/lint.md).");
            stderr.flush();
            return 1;
        }
        return detailedExitcode && plan.hasChanges() ? 2 : 0;
    }

    private boolean useColor() {
        return !noColor && format == Format.text && System.console() != null && System.getenv("NO_COLOR") == null;
    }

    /** The live topology: one consistent read from etcd ({@link LiveTopology} says which etcd). */
    private TopologySource liveSource() {
        EtcdAccess access = etcd.access(stateDir.dir);
        return cluster -> LiveTopology.read(access, cluster);
    }

    private record Loaded(Cluster cluster, String hash) {}

    private static Loaded load(Path path, PrintWriter stderr) {
        LoadResult r = SpecLoader.load(path);
        if (!r.isValid()) {
            List<Problem> problems = r.problems();
            problems.forEach(p -> stderr.println(p.render()));
            stderr.println(problems.size() + (problems.size() == 1 ? " error" : " errors") + " in " + path + "; nothing was planned");
            stderr.flush();
            return null;
        }
        return new Loaded(r.cluster().orElseThrow(), hash(r.files()));
    }

    /** SHA-256 over the spec's files, in the order the loader read them. */
    static String hash(List<String> files) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (String f : files) {
                d.update(f.getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
                Path p = Path.of(f);
                if (Files.isRegularFile(p)) {
                    d.update(Files.readAllBytes(p));
                }
                d.update((byte) 0);
            }
            return "sha256:" + HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException | IOException e) {
            return "";
        }
    }
}
