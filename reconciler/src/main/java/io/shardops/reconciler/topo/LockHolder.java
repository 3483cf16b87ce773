package io.shardops.reconciler.topo;

import java.time.Instant;

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
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        return new LockHolder(user + "@" + host + " (pid " + ProcessHandle.current().pid() + ")", now, run, purpose);
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
