package io.shardops.dataplane.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;

/** Random secrets and their comparison; the one place the project makes or compares one. */
public final class Secrets {
    /** 32 characters of 62: about 190 bits. */
    private static final int LENGTH = 32;
    private static final int MIN_LENGTH = 16;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    /**
     * A random password of letters and digits only, so it needs no quoting on a command line, in a URL,
     * a YAML file or an SQL literal (it still goes through {@code Sql.literal}).
     */
    public static String randomPassword() {
        StringBuilder b = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /** Compares in time independent of where the two differ, so a caller cannot guess a token byte by byte. */
    public static boolean equal(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /** Refuses a missing or short secret: a guessable one is worse than an error at start. */
    public static void requireStrong(String what, String secret) {
        if (secret == null || secret.length() < MIN_LENGTH) {
            throw new IllegalArgumentException(what + " must be at least " + MIN_LENGTH + " characters; generate the cluster's "
                    + "credentials with shardops up (or shardops credentials rotate)");
        }
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException(what + " may hold printable ASCII only");
            }
        }
    }
}
