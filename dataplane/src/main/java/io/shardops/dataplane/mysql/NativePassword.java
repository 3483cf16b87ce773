package io.shardops.dataplane.mysql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * mysql_native_password: the client proves it knows the password by sending
 * SHA1(password) XOR SHA1(salt + SHA1(SHA1(password))); the server keeps only SHA1(SHA1(password)).
 */
public final class NativePassword {
    public static final String PLUGIN = "mysql_native_password";
    public static final int SALT_LENGTH = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private NativePassword() {}

    /** A fresh salt of printable bytes without NUL, as servers send in the handshake. */
    public static byte[] newSalt() {
        byte[] salt = new byte[SALT_LENGTH];
        for (int i = 0; i < salt.length; i++) {
            salt[i] = (byte) (RANDOM.nextInt(0x7e - 0x21) + 0x21);
        }
        return salt;
    }

    /** What a client sends for {@code password}; empty for the empty password. */
    public static byte[] scramble(String password, byte[] salt) {
        if (password == null || password.isEmpty()) {
            return new byte[0];
        }
        byte[] stage1 = sha1(password.getBytes(StandardCharsets.UTF_8));
        byte[] stage2 = sha1(stage1);
        byte[] mix = sha1(concat(salt, stage2));
        for (int i = 0; i < mix.length; i++) {
            mix[i] ^= stage1[i];
        }
        return mix;
    }

    /** SHA1(SHA1(password)): what a server stores. */
    public static byte[] storedHash(String password) {
        return sha1(sha1(password.getBytes(StandardCharsets.UTF_8)));
    }

    /** The {@code *HEX} form MySQL shows in mysql.user and Vitess accepts in static auth files. */
    public static String storedHashText(String password) {
        return "*" + HexFormat.of().withUpperCase().formatHex(storedHash(password));
    }

    /** Whether a client's scramble proves knowledge of the password behind {@code storedHash}. */
    public static boolean verify(byte[] storedHash, byte[] salt, byte[] response) {
        if (storedHash == null) {
            return response.length == 0;
        }
        if (response.length != 20) {
            return false;
        }
        byte[] mix = sha1(concat(salt, storedHash));
        byte[] stage1 = new byte[20];
        for (int i = 0; i < 20; i++) {
            stage1[i] = (byte) (response[i] ^ mix[i]);
        }
        return MessageDigest.isEqual(sha1(stage1), storedHash);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static byte[] sha1(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }
}
