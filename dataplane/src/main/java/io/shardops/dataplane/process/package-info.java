/**
 * Child processes on this machine: etcd, mariadbd and whatever else a local cluster runs.
 *
 * <p>A {@link io.shardops.dataplane.process.ProcessSpec} says what to run;
 * {@link io.shardops.dataplane.process.ChildProcess#start} runs it with its output appended to a
 * log file; {@link io.shardops.dataplane.process.ChildProcess#awaitReady} waits for a
 * {@link io.shardops.dataplane.process.ReadinessProbe} and turns a crash during start-up into a
 * {@link io.shardops.dataplane.process.ProcessStartException} carrying the exit code and the
 * last lines of the log. Children are stopped by PID (SIGTERM, a grace period, then SIGKILL).
 *
 * <p>Two ways a child is cleaned up: {@link io.shardops.dataplane.process.ProcessRegistry}
 * stops every tracked child when this JVM exits; a {@link io.shardops.dataplane.process.PidFile}
 * in a {@link io.shardops.dataplane.process.PidDirectory} lets a later JVM (e.g. {@code shardops down})
 * stop a child an earlier one started, after checking by start time and command that the PID
 * was not recycled for an unrelated process.
 */
package io.shardops.dataplane.process;
