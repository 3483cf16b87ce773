package io.shardops.dataplane.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run: a short name for messages, the command line, extra environment, working
 * directory and the log file that receives stdout and stderr (appended, so restarts keep history).
 *
 * @param name        short name used in messages and PID file names, e.g. {@code etcd} or {@code mysqld-zone1-101}
 * @param command     executable followed by its arguments
 * @param environment variables added to (or overriding) this JVM's environment
 * @param workingDir  working directory; {@code null} inherits this JVM's
 * @param logFile     file that receives stdout and stderr
 * @param newSession  run in a session of its own ({@code setsid}), so a Ctrl-C in the terminal that
 *                    started it does not reach it; for children meant to outlive their JVM
 * @param stopOnExit  stop it when this JVM exits (tracked by {@link ProcessRegistry#global()})
 */
public record ProcessSpec(
        String name,
        List<String> command,
        Map<String, String> environment,
        Path workingDir,
        Path logFile,
        boolean newSession,
        boolean stopOnExit) {

    public ProcessSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(logFile, "logFile");
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("process '" + name + "' needs a command, got " + command);
        }
        command = List.copyOf(command);
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }

    /** A spec for {@code command}, logging to {@code logFile}, stopped when this JVM exits. */
    public static ProcessSpec of(String name, Path logFile, List<String> command) {
        return new ProcessSpec(name, command, Map.of(), null, logFile, false, true);
    }

    public ProcessSpec withEnvironment(Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.putAll(extra);
        return new ProcessSpec(name, command, env, workingDir, logFile, newSession, stopOnExit);
    }

    public ProcessSpec withWorkingDir(Path dir) {
        return new ProcessSpec(name, command, environment, dir, logFile, newSession, stopOnExit);
    }

    /** Keeps running after this JVM exits, in a session of its own; stop it through its {@link PidFile}. */
    public ProcessSpec detached() {
        return new ProcessSpec(name, command, environment, workingDir, logFile, true, false);
    }

    public ProcessSpec withArgs(List<String> more) {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(more);
        return new ProcessSpec(name, cmd, environment, workingDir, logFile, newSession, stopOnExit);
    }

    /** The command line as a person would type it, for messages. */
    public String commandLine() {
        return String.join(" ", command);
    }
}
