package io.shardops.reconciler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StatusCommandTest {
    @Test
    void theApproveHintReachesTheClusterStatusWasAskedAbout() {
        assertEquals("shardops approve 20261202-0501-a1 5 --state-dir /tmp/demo-state",
                StatusCommand.approveCommand("20261202-0501-a1", 5, Path.of("/tmp/demo-state")));
        assertEquals("shardops approve 20261202-0501-a1 5", StatusCommand.approveCommand("20261202-0501-a1", 5, null),
                "without --state-dir, approve finds the same default cluster");
    }

    @Test
    void aStateDirWithSpacesIsQuotedForTheShell() {
        assertEquals("shardops approve r 1 --state-dir '/tmp/my state'", StatusCommand.approveCommand("r", 1, Path.of("/tmp/my state")));
        assertEquals("shardops approve r 1 --state-dir '/tmp/it'\\''s'", StatusCommand.approveCommand("r", 1, Path.of("/tmp/it's")));
    }
}
