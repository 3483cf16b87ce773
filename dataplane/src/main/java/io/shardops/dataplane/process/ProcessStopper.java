package io.shardops.dataplane.process;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stops a process by its handle: SIGTERM, a grace period, then SIGKILL. */
public final class ProcessStopper {
    private ProcessStopper() {}

    /** Returns true if the process is gone afterwards. */
    public static boolean stop(ProcessHandle handle, Duration grace) {
        if (!handle.isAlive()) {
            return true;
        }
        handle.destroy(); // SIGTERM: lets mysqld and etcd flush and remove their sockets
        if (awaitExit(handle, grace)) {
            return true;
        }
        handle.destroyForcibly(); // SIGKILL
        return awaitExit(handle, Duration.ofSeconds(5));
    }

    private static boolean awaitExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !handle.isAlive();
        } catch (ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }
}
