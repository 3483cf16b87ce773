package io.shardops.reconciler.cli;

import picocli.CommandLine.Option;

/** {@code --auto-approve}: no stop at the policy's gates, and (apply SPEC) no confirmation question either. */
final class AutoApproveOption {
    @Option(names = "--auto-approve",
            description = "Run every step the policy gates (switch-primary, destroy) without stopping for approval; `apply SPEC` also"
                    + " skips its confirmation question. To approve the gated steps but still be asked, use --approve switch-primary,destroy.")
    boolean on;
}
