package io.shardops.reconciler.cli;

import picocli.CommandLine.Option;

/** {@code --format text|json} of the commands whose output is a report: text for people, JSON for scripts. */
final class FormatOption {
    enum Format { text, json }

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format = Format.text;

    boolean json() {
        return format == Format.json;
    }
}
