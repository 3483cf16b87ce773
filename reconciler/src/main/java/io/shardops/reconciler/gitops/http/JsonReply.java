package io.shardops.reconciler.gitops.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The JSON answer {@code {"status","detail"}} every endpoint of the reconciler's server gives when it refuses or acknowledges. */
public final class JsonReply {
    private JsonReply() {}

    public static void reply(RoutingContext ctx, int status, String outcome, String detail) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("status", outcome).put("detail", detail).encode());
    }
}
