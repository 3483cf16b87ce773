package io.shardops.dataplane.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command that starts another JVM like this one: the same java binary, plus the flags that keep
 * newer runtimes from printing library warnings (gRPC's and Netty's use of sun.misc.Unsafe and native
 * loading) into output that people and scripts read, such as {@code status --format json}.
 */
public final class JavaCommand {
    private JavaCommand() {}

    public static List<String> current() {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(quietFlags(Runtime.version().feature()));
        return cmd;
    }

    /** The flags for a runtime of this feature release; the launcher script applies the same rule. */
    static List<String> quietFlags(int feature) {
        List<String> flags = new ArrayList<>();
        if (feature >= 22) {
            flags.add("--enable-native-access=ALL-UNNAMED");
        }
        if (feature >= 23) {
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        return flags;
    }
}
