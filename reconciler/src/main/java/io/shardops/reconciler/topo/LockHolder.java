package io.shardops.reconciler.topo;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who holds a lock, shown to anyone who finds it taken.
 *
 * @param who     user and host, e.g. {@code alice@laptop (pid 1234)}
 * @param since   when the lock was taken
 * @param run     the apply run it guards, or empty
 * @param purpose what the holder is doing, e.g. {@code shardops apply plan.bin}
 */
public record LockHolder(String who, Instant since, String run, String purpose) {

    /** This process as a holder: user, host and PID. */
    public static LockHolder thisProcess(String run, String purpose, Instant now) {
        String user = System.getProperty("user.name", "unknown");
        return new LockHolder(user + "@" + localHost() + " (pid " + ProcessHandle.current().pid() + ")", now, run, purpose);
    }

    private static final Pattern WHO = Pattern.compile("[^@]*@(\\S+) \\(pid (\\d+)\\)");

    /**
     * Whether this holder is a process of this host that no longer runs (an apply killed with SIGKILL, or a
     * crash): its lock can be taken over at once instead of after its lease. A holder on another host, or
     * whose PID runs (possibly reused by another process), is not known dead.
     */
    public boolean diedOnThisHost() {
        Matcher m = WHO.matcher(who);
        if (!m.matches() || !m.group(1).equals(localHost())) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            return false;
        }
        return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    /** One line for messages: {@code alice@laptop (pid 1) since 2026-...Z, run r-1: shardops apply}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(who).append(" since ").append(since);
        if (run != null && !run.isEmpty()) {
            sb.append(", run ").append(run);
        }
        if (purpose != null && !purpose.isEmpty()) {
            sb.append(": ").append(purpose);
        }
        return sb.toString();
    }
}
