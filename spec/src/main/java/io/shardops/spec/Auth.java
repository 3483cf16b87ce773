package io.shardops.spec;

/**
 * Client authentication at the gateway.
 *
 * @param type      {@code none} or {@code static}
 * @param usersFile for {@code static}: the users file as the spec writes it (relative to the spec file's folder); null otherwise
 * @param usersJson that file's content, read at load through the spec's root and checked to be a users file;
 *                  null when there is none (not written, or not inside the spec's folder, as on Kubernetes where
 *                  the users come from a Secret). Provisioners use this, never {@code usersFile} against the
 *                  working directory. It holds passwords: {@link #toString()} leaves it out.
 */
public record Auth(String type, String usersFile, String usersJson) {
    public static final Auth NONE = new Auth("none", null, null);

    /** As written, before loading has read the file (tests and manifests that need no file). */
    public Auth(String type, String usersFile) {
        this(type, usersFile, null);
    }

    @Override
    public String toString() {
        return "Auth[type=" + type + ", usersFile=" + usersFile + (usersJson == null ? "" : ", users=(read, not shown)") + "]";
    }
}
