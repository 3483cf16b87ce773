package io.shardops.reconciler.cli;

import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** {@code --approve GATE,...}: the gated steps a run may take without stopping, and nothing else. */
final class ApproveOption {
    @Option(names = "--approve", split = ",", paramLabel = "GATE",
            description = "Run the steps of these policy gates without stopping, comma-separated: switch-primary, destroy."
                    + " Unlike --auto-approve, `apply SPEC` still asks its confirmation question.")
    List<String> gates = List.of();

    Set<String> set() {
        return Set.copyOf(gates);
    }
}
