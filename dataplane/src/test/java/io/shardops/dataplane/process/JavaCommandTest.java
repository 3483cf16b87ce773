package io.shardops.dataplane.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JavaCommandTest {
    @Test
    void flagsFollowTheRuntimeRelease() {
        assertEquals(List.of(), JavaCommand.quietFlags(21));
        assertEquals(List.of("--enable-native-access=ALL-UNNAMED"), JavaCommand.quietFlags(22));
        assertEquals(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"),
                JavaCommand.quietFlags(25));
    }

    @Test
    void theRuntimeAcceptsTheFlagsItIsGiven() throws Exception {
        List<String> cmd = new ArrayList<>(JavaCommand.current());
        cmd.add("-version");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertEquals(0, p.waitFor(), out.toString());
        assertFalse(out.toString().contains("Unrecognized option"), out.toString());
    }
}
