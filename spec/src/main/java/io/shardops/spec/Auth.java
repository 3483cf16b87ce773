package io.shardops.spec;

/**
 * Client authentication at the gateway.
 *
 * @param type      {@code none} or {@code static}
 * @param usersFile for {@code static}: a JSON file of users, resolved against the spec file's folder; null otherwise
 */
public record Auth(String type, String usersFile) {
    public static final Auth NONE = new Auth("none", null);
}
