package io.shardops.reconciler.cli;

import io.shardops.reconciler.gitops.watch.GitException;
import io.shardops.reconciler.gitops.preview.Preview;
import io.shardops.reconciler.gitops.preview.PreviewRender;
import io.shardops.reconciler.gitops.watch.ReadLimits;
import io.shardops.reconciler.gitops.watch.SpecRepository;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shardops preview}: the plan a pull request would cause, ready to post as a comment. */
@Command(name = "preview", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Plan from the spec at the base commit to the spec at the head commit of a pull request, both read from the commits"
                    + " (not the work tree), and print the plan as a comment to post (Markdown by default).",
            "Exit status: 0 planned (changes or none); 1 the head spec is invalid, the plan is refused or its change review found an error (still printed);"
                    + " 3 the repository or a ref cannot be read."
        })
public final class PreviewCommand implements Callable<Integer> {
    static final int EXIT_REPOSITORY = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--repo", defaultValue = ".", paramLabel = "PATH", description = "A local clone (default: the current folder).")
    Path repo;

    @Option(names = "--base", required = true, paramLabel = "REF", description = "The pull request's base: a commit id, branch or tag.")
    String base;

    @Option(names = "--head", required = true, paramLabel = "REF", description = "The pull request's head: a commit id, branch or tag.")
    String head;

    @Option(names = "--path", defaultValue = "", paramLabel = "PATH", description = "The spec in the repository: a file or a folder (default: the root).")
    String path;

    @Option(names = "--format", defaultValue = "markdown", paramLabel = "FORMAT", description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    enum Format { markdown, text, json }

    @Override
    public Integer call() {
        Preview preview;
        try (SpecRepository repository = SpecRepository.open(repo)) {
            preview = Preview.of(repository, base, head, path, ReadLimits.DEFAULT);
        } catch (GitException e) {
            throw new UserException(e.getMessage(), EXIT_REPOSITORY);
        }
        String out = switch (format) {
            case markdown -> PreviewRender.markdown(preview);
            case text -> PreviewRender.text(preview);
            case json -> PreviewRender.json(preview);
        };
        spec.commandLine().getOut().print(out);
        spec.commandLine().getOut().flush();
        return preview.planned() && !preview.blocked() ? 0 : 1;
    }
}
