package io.shardops.dataplane.mysql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

/** Decides whether a client may connect, from its user name and mysql_native_password scramble. */
public sealed interface Authenticator permits Authenticator.None, Authenticator.Static {

    boolean accepts(String user, byte[] salt, byte[] scramble);

    /** The user's mysql_native_password hash (SHA1(SHA1(password))), or null when unknown or empty. */
    byte[] storedHash(String user);

    /** Auth {@code none}: anyone, with any password. */
    static Authenticator none() {
        return new None();
    }

    record None() implements Authenticator {
        @Override
        public boolean accepts(String user, byte[] salt, byte[] scramble) {
            return true;
        }

        @Override
        public byte[] storedHash(String user) {
            return null;
        }
    }

    /**
     * Auth {@code static}: users with passwords. The file uses Vitess's static auth format,
     * {@code {"user": [{"Password": "pw"}]}} or {@code [{"MysqlNativePassword": "*HEX"}]},
     * and also accepts the short form {@code {"user": "pw"}}.
     */
    record Static(Map<String, byte[]> storedHashes) implements Authenticator {
        public Static {
            storedHashes = Map.copyOf(storedHashes);
        }

        public static Static ofPasswords(Map<String, String> passwords) {
            Map<String, byte[]> m = new HashMap<>();
            passwords.forEach((u, p) -> m.put(u, p.isEmpty() ? new byte[0] : NativePassword.storedHash(p)));
            return new Static(m);
        }

        public static Static fromFile(Path file) throws IOException {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw new IOException(file + ": a static auth file is a JSON object of user names");
            }
            Map<String, byte[]> m = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (v.isArray() && !v.isEmpty()) {
                    v = v.get(0);
                }
                byte[] hash;
                if (v.isTextual()) {
                    hash = storedOrEmpty(v.asText());
                } else if (v.hasNonNull("MysqlNativePassword")) {
                    String text = v.get("MysqlNativePassword").asText();
                    hash = HexFormat.of().parseHex(text.startsWith("*") ? text.substring(1) : text);
                } else if (v.has("Password")) {
                    hash = storedOrEmpty(v.get("Password").asText());
                } else {
                    throw new IOException(file + ": user '" + e.getKey() + "' needs a Password or MysqlNativePassword");
                }
                m.put(e.getKey(), hash);
            }
            return new Static(m);
        }

        private static byte[] storedOrEmpty(String password) {
            return password.isEmpty() ? new byte[0] : NativePassword.storedHash(password);
        }

        @Override
        public byte[] storedHash(String user) {
            byte[] stored = storedHashes.get(user);
            return stored == null || stored.length == 0 ? null : stored.clone();
        }

        @Override
        public boolean accepts(String user, byte[] salt, byte[] scramble) {
            byte[] stored = storedHashes.get(user);
            if (stored == null) {
                return false;
            }
            return stored.length == 0 ? scramble.length == 0 : NativePassword.verify(stored, salt, scramble);
        }
    }
}
