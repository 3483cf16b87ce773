package io.shardops.reconciler.host.local;

import io.shardops.dataplane.process.JavaCommand;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a state dir's node daemon. Apart from {@link LocalCluster} because it is about this JVM
 * (its java, its options, its class path), not about the cluster's processes.
 */
final class NodeCommandLine {
    private NodeCommandLine() {}

    /** {@code java -cp <this classpath> io.shardops.reconciler.cli.Main node --state-dir DIR}, with the same java. */
    static List<String> of(StateDir dir) throws IOException {
        List<String> cmd = new ArrayList<>(JavaCommand.current());
        String opts = System.getenv("SHARDOPS_NODE_JAVA_OPTS");
        if (opts != null && !opts.isBlank()) {
            cmd.addAll(List.of(opts.trim().split("\\s+")));
        } else {
            cmd.add("-Xmx512m");
        }
        cmd.add("-cp");
        cmd.add(classPath(dir));
        cmd.add("io.shardops.reconciler.cli.Main");
        cmd.add("node");
        cmd.add("--state-dir");
        cmd.add(dir.root().toString());
        return cmd;
    }

    /**
     * This JVM's class path; a single jar (the shardops fat jar) is first copied into the state dir, so
     * rebuilding the jar while the cluster runs cannot pull classes from under the running node.
     */
    private static String classPath(StateDir dir) throws IOException {
        String cp = System.getProperty("java.class.path");
        Path jar = Path.of(cp);
        if (cp.contains(File.pathSeparator) || !cp.endsWith(".jar") || !Files.isRegularFile(jar)) {
            return cp;
        }
        Path copy = dir.root().resolve("bin").resolve("shardops.jar");
        if (!Files.isRegularFile(copy) || Files.size(copy) != Files.size(jar)
                || !Files.getLastModifiedTime(copy).equals(Files.getLastModifiedTime(jar))) {
            Files.createDirectories(copy.getParent());
            Path tmp = copy.resolveSibling("shardops.jar.tmp");
            Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            Files.move(tmp, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return copy.toString();
    }
}
