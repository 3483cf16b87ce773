package io.shardops.reconciler.provision;

/**
 * One object a provisioner created, updated, left alone or deleted.
 *
 * @param action what happened to it
 * @param kind   what it is, in the implementation's words ({@code StatefulSet}, {@code process})
 * @param name   its name
 */
public record Change(Action action, String kind, String name) {
    public enum Action { CREATED, UPDATED, UNCHANGED, DELETED }

    @Override
    public String toString() {
        return action.name().toLowerCase(java.util.Locale.ROOT) + " " + kind + " " + name;
    }
}
