package io.shardops.dataplane.credentials;

import io.shardops.dataplane.secret.Secrets;

/**
 * The {@code Authorization: Bearer <token>} check of the cluster's internal HTTP APIs (tablet manager,
 * node): the cluster's control token, compared in constant time.
 */
public record BearerToken(String token) {
    public static final String HEADER = "Authorization";
    private static final String SCHEME = "Bearer ";
    /** What a refused caller is told; it never says whether a token was close. */
    public static final String REFUSED = "missing or wrong bearer token: internal endpoints take the cluster's control token "
            + "(Authorization: Bearer <controlToken> from the cluster's credentials file)";

    public BearerToken {
        Secrets.requireStrong("control token", token);
    }

    /** The header value a client sends. */
    public String headerValue() {
        return SCHEME + token;
    }

    /** True when {@code authorization} (the header's value, null when absent) carries this token. */
    public boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        return Secrets.equal(token, authorization.substring(SCHEME.length()).strip());
    }

    @Override
    public String toString() {
        return "BearerToken[hidden]";
    }
}
