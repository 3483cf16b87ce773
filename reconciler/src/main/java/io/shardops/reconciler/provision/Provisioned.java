package io.shardops.reconciler.provision;

import java.util.List;

/**
 * What a provisioner call left running, and what it changed to get there.
 *
 * @param result  the call's answer (endpoints, tablets), null for removals
 * @param changes one entry per object looked at, in the order they were handled
 */
public record Provisioned<T>(T result, List<ProvisionedObject> changes) {
    public Provisioned {
        changes = List.copyOf(changes);
    }

    /** True when the call found everything as wanted and changed nothing. */
    public boolean unchanged() {
        return changes.stream().allMatch(c -> c.effect() == ProvisionedObject.Effect.UNCHANGED);
    }
}
