package io.shardops.reconciler.provision;

import java.util.Locale;

/**
 * One object a provisioner created, updated, left alone or deleted.
 *
 * @param effect what happened to it
 * @param kind   what it is, in the implementation's words ({@code StatefulSet}, {@code process})
 * @param name   its name
 */
public record ProvisionedObject(Effect effect, String kind, String name) {
    public enum Effect { CREATED, UPDATED, UNCHANGED, DELETED }

    @Override
    public String toString() {
        return effect.name().toLowerCase(Locale.ROOT) + " " + kind + " " + name;
    }
}
