package io.shardops.reconciler.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.shardops.planner.lint.Lint;
import io.shardops.spec.LintCode;
import io.shardops.spec.Problem;
import io.shardops.spec.load.LoadResult;
import io.shardops.spec.load.SpecLoader;
import io.shardops.spec.text.Printable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shardops validate PATH...}: parse and check specs, report every problem, exit 1 if any. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Parse and check cluster specs: YAML, the JSON Schema (schemas/cluster.schema.json) and the rules between fields.",
            "A file is one spec. A folder is one spec when it holds one kind: Cluster file plus kind: Keyspace files,"
                    + " or one spec per file when all its files are kind: Cluster (like examples/phases).",
            "Every problem is printed as FILE:LINE:COL: error: MESSAGE, with a hint line where one helps.",
            "Also runs the change review's rules that need no live state (docs/lint.md): findings print as error or warning"
                    + " with their code, at the levels policy.lint sets.",
            "Exit status: 0 when every spec is valid and no finding is an error, 1 otherwise."
        })
public final class ValidateCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Spec files or folders.")
    List<Path> paths = new ArrayList<>();

    @Mixin
    FormatOption format = new FormatOption();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<LoadResult> results;
        try {
            results = SpecLoader.loadAll(paths.toArray(Path[]::new));
        } catch (RuntimeException | LinkageError | StackOverflowError | OutOfMemoryError e) {
            // the loader reports problems as values; reaching here is a bug, still no stack trace for the user
            throw new UserException("validation stopped unexpectedly (" + e.getClass().getSimpleName() + "); please report it with the spec that caused it");
        }
        List<Problem> problems = new ArrayList<>();
        Set<String> files = new LinkedHashSet<>();
        Set<String> filesWithErrors = new LinkedHashSet<>();
        for (LoadResult r : results) {
            files.addAll(r.files());
            problems.addAll(r.problems());
            // the change review's rules that need no live state (docs/lint.md), at the levels the spec's policy.lint sets
            r.cluster().ifPresent(c -> problems.addAll(Lint.check(c)));
        }
        problems.stream().filter(Problem::isError).forEach(p -> filesWithErrors.add(p.location().file()));
        long errors = problems.stream().filter(Problem::isError).count();
        long warnings = problems.size() - errors;
        if (format.json()) {
            out.println(json(results, problems, files.size()));
        } else {
            problems.forEach(p -> out.println(render(p)));
            String warned = warnings == 0 ? "" : (errors == 0 ? "; " : ", ") + warnings + (warnings == 1 ? " warning" : " warnings");
            if (errors == 0) {
                out.println("ok: " + results.size() + (results.size() == 1 ? " spec" : " specs") + " in " + files.size()
                        + (files.size() == 1 ? " file" : " files") + " valid" + warned);
            } else {
                out.println(errors + (errors == 1 ? " error" : " errors") + " in " + filesWithErrors.size()
                        + (filesWithErrors.size() == 1 ? " file" : " files") + warned);
            }
        }
        out.flush();
        return errors == 0 ? 0 : 1;
    }

    /** A load problem as always; a lint finding with its code, which policy.lint names. */
    private static String render(Problem p) {
        return LintCode.of(p.code()).isPresent() ? p.render() + " [" + Printable.escape(p.code()) + "]" : p.render();
    }

    private static String json(List<LoadResult> results, List<Problem> problems, int fileCount) {
        Map<String, Object> doc = new LinkedHashMap<>();
        long errors = problems.stream().filter(Problem::isError).count();
        doc.put("valid", errors == 0);
        doc.put("errorCount", errors);
        doc.put("warningCount", problems.size() - errors);
        doc.put("fileCount", fileCount);
        List<Map<String, Object>> specs = new ArrayList<>();
        for (LoadResult r : results) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("files", r.files());
            s.put("valid", r.isValid());
            r.cluster().ifPresent(c -> s.put("cluster", c.name()));
            specs.add(s);
        }
        doc.put("specs", specs);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Problem p : problems) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", Printable.escape(p.location().file()));
            m.put("line", p.location().line());
            m.put("column", p.location().column());
            m.put("severity", p.severity().word());
            m.put("code", p.code());
            m.put("message", Printable.escape(p.message())); // as in text: no raw control character reaches whoever prints it
            m.put("hint", Printable.escape(p.hint()));
            list.add(m);
        }
        doc.put("problems", list);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new UserException("cannot write JSON: " + e.getOriginalMessage());
        }
    }
}
