package io.shardops.reconciler.gitops.webhook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared secret of a GitHub webhook and the check of its {@code X-Hub-Signature-256} header:
 * {@code sha256=} followed by the hex HMAC-SHA256 of the raw request body under the secret.
 */
public final class WebhookSecret {
    static final String SIGNATURE_PREFIX = "sha256=";
    private static final String HMAC = "HmacSHA256";
    private static final int MAX_SECRET_FILE_BYTES = 4096;

    private final SecretKeySpec key;

    private WebhookSecret(byte[] secret) {
        if (secret.length == 0) {
            throw new IllegalArgumentException("the webhook secret is empty");
        }
        this.key = new SecretKeySpec(secret, HMAC);
    }

    public static WebhookSecret of(String secret) {
        return new WebhookSecret(secret.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads the secret from a file, without the trailing line break editors add. The file holds the
     * same string as the webhook's "Secret" field on GitHub.
     */
    public static WebhookSecret readFrom(Path file) throws IOException {
        if (Files.size(file) > MAX_SECRET_FILE_BYTES) {
            throw new IllegalArgumentException(file + ": a webhook secret file holds one line, this one has "
                    + Files.size(file) + " bytes");
        }
        String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (secret.isEmpty()) {
            throw new IllegalArgumentException(file + ": the webhook secret file is empty;"
                    + " write the secret you set on the GitHub webhook into it");
        }
        return of(secret);
    }

    /** The header value GitHub would send for this body. */
    public String signatureOf(byte[] body) {
        return SIGNATURE_PREFIX + HexFormat.of().formatHex(hmac(body));
    }

    /** True when {@code header} is a well-formed signature of {@code body}; compared in constant time. */
    public boolean verifies(byte[] body, String header) {
        if (header == null || !header.startsWith(SIGNATURE_PREFIX)) {
            return false;
        }
        byte[] claimed;
        try {
            claimed = HexFormat.of().parseHex(header.substring(SIGNATURE_PREFIX.length()).trim());
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(hmac(body), claimed);
    }

    private byte[] hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every Java runtime ships HmacSHA256 and accepts any non-empty key.
            throw new IllegalStateException(e);
        }
    }
}
