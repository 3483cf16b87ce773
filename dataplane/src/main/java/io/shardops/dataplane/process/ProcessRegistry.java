package io.shardops.dataplane.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The children this JVM must not leave behind. The global registry stops them all (newest
 * first, so a mysqld goes before the etcd it registered in) from a shutdown hook.
 */
public final class ProcessRegistry {
    private static final ProcessRegistry GLOBAL = new ProcessRegistry();
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    private final Set<ChildProcess> children = Collections.synchronizedSet(new LinkedHashSet<>());
    private boolean hookInstalled;

    /** The registry with a JVM shutdown hook; {@link ChildProcess#start} tracks children here. */
    public static ProcessRegistry global() {
        return GLOBAL;
    }

    /** A registry without a hook, for tests and for scopes that stop their own children. */
    public static ProcessRegistry scoped() {
        return new ProcessRegistry();
    }

    public void track(ChildProcess child) {
        children.add(child);
        if (this == GLOBAL) {
            installHookOnce();
        }
    }

    public void untrack(ChildProcess child) {
        children.remove(child);
    }

    /** The children still tracked, oldest first. */
    public List<ChildProcess> tracked() {
        synchronized (children) {
            return List.copyOf(children);
        }
    }

    /** Stops every tracked child, newest first. */
    public void stopAll(Duration grace) {
        List<ChildProcess> all;
        synchronized (children) {
            all = new ArrayList<>(children);
        }
        Collections.reverse(all);
        for (ChildProcess c : all) {
            ProcessStopper.stop(c.handle(), grace);
            children.remove(c);
        }
    }

    private synchronized void installHookOnce() {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(
                    new Thread(() -> stopAll(SHUTDOWN_GRACE), "shardops-stop-children"));
            hookInstalled = true;
        }
    }
}
