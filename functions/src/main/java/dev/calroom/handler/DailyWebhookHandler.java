package dev.calroom.handler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calroom.api.ApiFunction;
import dev.calroom.api.ApiRequest;
import dev.calroom.api.ApiResponse;
import dev.calroom.api.Json;
import dev.calroom.api.Problems;
import dev.calroom.webhooks.DailyWebhookService;
import dev.calroom.webhooks.WebhookOutcome;

/** {@code POST /v1/webhooks/daily}: Daily.co's signed event deliveries. */
public final class DailyWebhookHandler extends ApiFunction {

    private final DailyWebhookService webhooks;

    public DailyWebhookHandler() {
        this(ApiComponents.instance().webhookService());
    }

    public DailyWebhookHandler(DailyWebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    protected ApiResponse route(ApiRequest r) {
        if (!"POST /v1/webhooks/daily".equals(r.routeKey())) {
            return Problems.notFound(r.method() + " " + r.path());
        }
        WebhookOutcome outcome = webhooks.handle(r.header("x-webhook-timestamp"), r.header("x-webhook-signature"),
                r.body());
        ObjectNode body = Json.object();
        body.put("status", outcome.wire());
        return ApiResponse.json(200, Json.write(body));
    }
}
