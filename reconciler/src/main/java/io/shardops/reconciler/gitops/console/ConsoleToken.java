package io.shardops.reconciler.gitops.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The bearer token that lets a console user approve gated steps. Only the {@code Authorization}
 * header carries it (never a cookie), so a page on another site cannot make a browser send it:
 * no CSRF token is needed.
 */
public final class ConsoleToken {
    static final String BEARER = "Bearer ";
    private static final int MAX_TOKEN_FILE_BYTES = 4096;
    private static final int MIN_TOKEN_CHARS = 16;

    private final byte[] digest;

    private ConsoleToken(String token) {
        this.digest = sha256(token);
    }

    public static ConsoleToken of(String token) {
        if (token.length() < MIN_TOKEN_CHARS) {
            throw new IllegalArgumentException("the console token has " + token.length() + " characters; use at least "
                    + MIN_TOKEN_CHARS + ", e.g. openssl rand -hex 24 > FILE");
        }
        return new ConsoleToken(token);
    }

    /** Reads the token from a file holding one line (the trailing line break is dropped). */
    public static ConsoleToken readFrom(Path file) throws IOException {
        if (Files.size(file) > MAX_TOKEN_FILE_BYTES) {
            throw new IllegalArgumentException(file + ": a console token file holds one line, this one has " + Files.size(file) + " bytes");
        }
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) {
            throw new IllegalArgumentException(file + ": the console token file is empty; write a token into it, e.g. openssl rand -hex 24 > " + file);
        }
        try {
            return of(token);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * True when {@code authorization} is {@code Bearer <this token>}. Both sides are hashed first so the
     * constant-time comparison also hides the token's length.
     */
    public boolean admits(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(authorization.substring(BEARER.length()).strip()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
