package io.shardops.reconciler.host.local;

import io.shardops.dataplane.credentials.BearerToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Plain HTTP to 127.0.0.1. {@code java.net.http.HttpClient} sets up TLS when it is built, which costs
 * a CLI invocation a second or more on a busy machine; these calls never need it.
 */
final class LoopbackHttp {
    record Response(int status, String body) {}

    private LoopbackHttp() {}

    static Response get(String url, Duration timeout) throws IOException {
        return send("GET", url, null, null, timeout);
    }

    /** @param token the bearer token to send; null: none */
    static Response get(String url, BearerToken token, Duration timeout) throws IOException {
        return send("GET", url, token, null, timeout);
    }

    static Response post(String url, BearerToken token, String json, Duration timeout) throws IOException {
        return send("POST", url, token, json, timeout);
    }

    private static Response send(String method, String url, BearerToken token, String body, Duration timeout) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        try {
            c.setRequestMethod(method);
            if (token != null) {
                c.setRequestProperty(BearerToken.HEADER, token.headerValue());
            }
            c.setConnectTimeout((int) Math.min(timeout.toMillis(), 2000));
            c.setReadTimeout((int) timeout.toMillis());
            if (body != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/json");
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                c.setFixedLengthStreamingMode(bytes.length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(bytes);
                }
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Response(status, text);
        } finally {
            c.disconnect();
        }
    }
}
