package io.shardops.spec;

import java.nio.file.Path;

/**
 * Client authentication at the gateway.
 *
 * @param type      {@code none} or {@code static}
 * @param usersFile for {@code static}: the users file as the spec writes it (relative to the spec file's folder); null otherwise
 * @param resolved  that file's real path, checked at load to lie inside the spec's root and to be a regular
 *                  file of users; null when there is none. Provisioners use this, never {@code usersFile}
 *                  against the working directory.
 */
public record Auth(String type, String usersFile, Path resolved) {
    public static final Auth NONE = new Auth("none", null, null);

    /** As written, before loading has resolved the file (tests and manifests that need no file). */
    public Auth(String type, String usersFile) {
        this(type, usersFile, null);
    }
}
