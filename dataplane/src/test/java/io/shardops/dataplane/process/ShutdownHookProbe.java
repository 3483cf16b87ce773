package io.shardops.dataplane.process;

import java.nio.file.Path;
import java.util.List;

/** Run in a JVM of its own by {@link ProcessRegistryShutdownTest}: starts a child, prints its PID, exits. */
public final class ShutdownHookProbe {
    private ShutdownHookProbe() {}

    public static void main(String[] args) throws Exception {
        ChildProcess c = ChildProcess.start(ProcessSpec.of("sleeper", Path.of(args[0]), List.of("sleep", "60")));
        System.out.println(c.pid());
        System.out.flush();
        System.exit(0); // the registry's shutdown hook must stop the child now
    }
}
