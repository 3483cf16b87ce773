package io.shardops.reconciler.gitops.webhook;

import static io.shardops.reconciler.gitops.http.JsonReply.reply;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;

/**
 * POST /webhook for GitHub's push and pull_request events. Checks run in an order that lets nothing
 * unauthenticated through: size (by the body handler in front, 413), signature over the raw bytes (401),
 * a delivery accepted before (409: a replay, see {@link DeliveryLog}), then the JSON (400), then the event.
 * A push to the watched branch calls {@code pollNow}, which must only schedule work: this runs on an event loop.
 */
public final class WebhookHandler implements Handler<RoutingContext> {
    static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    static final String EVENT_HEADER = "X-GitHub-Event";
    static final String DELIVERY_HEADER = "X-GitHub-Delivery";
    /** GitHub's delivery ids are GUIDs; anything longer is not one and is not kept. */
    private static final int MAX_DELIVERY_ID_CHARS = 64;

    private final WebhookSecret secret;
    private final String watchedBranch;
    private final Consumer<GitHubEvent.Push> pollNow;
    private final DeliveryLog deliveries;

    public WebhookHandler(WebhookSecret secret, String watchedBranch, Consumer<GitHubEvent.Push> pollNow) {
        this(secret, watchedBranch, pollNow, new DeliveryLog());
    }

    WebhookHandler(WebhookSecret secret, String watchedBranch, Consumer<GitHubEvent.Push> pollNow, DeliveryLog deliveries) {
        this.deliveries = deliveries;
        this.secret = secret;
        this.watchedBranch = watchedBranch;
        this.pollNow = pollNow;
        // The first HMAC loads the JCA provider; do it here, not on an event loop when the first push arrives.
        secret.signatureOf(new byte[0]);
        DeliveryLog.digest(new byte[0]);
    }

    @Override
    public void handle(RoutingContext ctx) {
        Buffer raw = ctx.body().buffer();
        byte[] body = raw == null ? new byte[0] : raw.getBytes();
        if (!secret.verifies(body, ctx.request().getHeader(SIGNATURE_HEADER))) {
            reply(ctx, 401, "rejected", "missing or invalid " + SIGNATURE_HEADER
                    + "; the webhook's secret must match the file given to --webhook-secret-file");
            return;
        }
        String delivery = ctx.request().getHeader(DELIVERY_HEADER);
        if (delivery == null || delivery.isBlank() || delivery.length() > MAX_DELIVERY_ID_CHARS) {
            reply(ctx, 400, "malformed", "missing or overlong " + DELIVERY_HEADER + " header; GitHub sends a delivery id with every event");
            return;
        }
        if (!deliveries.firstTime("id " + delivery.strip(), "body " + DeliveryLog.digest(body))) {
            // a delivery seen before (its id, or the same signed body under a new id): someone replays it
            reply(ctx, 409, "replayed", "this delivery (" + DELIVERY_HEADER + " or signed body) was accepted in the last "
                    + deliveries.window().toMinutes() + " minutes; a repeat is not acted on. Redeliver from GitHub only after that, or push again");
            return;
        }
        String eventName = ctx.request().getHeader(EVENT_HEADER);
        if (eventName == null || eventName.isBlank()) {
            reply(ctx, 400, "malformed", "missing " + EVENT_HEADER + " header");
            return;
        }
        JsonObject payload;
        try {
            Object json = Json.decodeValue(raw == null ? Buffer.buffer() : raw);
            if (!(json instanceof JsonObject object)) {
                reply(ctx, 400, "malformed", "the body is not a JSON object;"
                        + " set the webhook's content type to application/json");
                return;
            }
            payload = object;
        } catch (DecodeException notJson) {
            reply(ctx, 400, "malformed", "the body is not JSON; set the webhook's content type to application/json");
            return;
        }
        GitHubEvent event;
        try {
            event = GitHubEvent.parse(eventName, payload);
        } catch (GitHubEvent.MalformedEventException e) {
            reply(ctx, 400, "malformed", e.getMessage());
            return;
        }
        switch (event) {
            case GitHubEvent.Push push -> {
                if (push.updates(watchedBranch)) {
                    pollNow.accept(push);
                    reply(ctx, 202, "poll scheduled", "fetching " + watchedBranch + " for " + push.after());
                } else {
                    reply(ctx, 202, "ignored", push.ref() + " is not the watched branch " + watchedBranch);
                }
            }
            case GitHubEvent.PullRequest pr -> reply(ctx, 202, "ignored", "pull request #" + pr.number() + " " + pr.action()
                    + ": previews run in CI (shardops preview), the watcher follows " + watchedBranch + " only");
            case GitHubEvent.Ping ping -> reply(ctx, 200, "pong", "webhook reached shardops; watching " + watchedBranch);
            case GitHubEvent.Unsupported other -> reply(ctx, 202, "ignored", "event '" + eventName + "' is not used by shardops");
        }
    }
}
